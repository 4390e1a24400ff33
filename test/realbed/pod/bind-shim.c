// Preloaded into every process of a pod by the process kubelet: a bind to the
// wildcard address (Kafka's listeners bind 0.0.0.0) binds the pod's own
// loopback address (KAFKA_HOOKS_POD_IP) instead, so that pods sharing the
// host's network namespace each own their ports, as pods with a network
// namespace each do. Every other bind is passed through unchanged.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

typedef int (*bind_fn)(int, const struct sockaddr *, socklen_t);

static struct in_addr pod_address;

static int have_pod_address(void) {
  static int known = -1;
  if (known < 0) {
    const char *value = getenv("KAFKA_HOOKS_POD_IP");
    known = value != NULL && inet_pton(AF_INET, value, &pod_address) == 1;
  }
  return known;
}

int bind(int fd, const struct sockaddr *address, socklen_t length) {
  static bind_fn real_bind;
  if (real_bind == NULL) real_bind = (bind_fn)dlsym(RTLD_NEXT, "bind");
  if (address != NULL && have_pod_address()) {
    if (address->sa_family == AF_INET && length >= sizeof(struct sockaddr_in)) {
      struct sockaddr_in v4;
      memcpy(&v4, address, sizeof v4);
      if (v4.sin_addr.s_addr == htonl(INADDR_ANY)) {
        v4.sin_addr = pod_address;
        return real_bind(fd, (const struct sockaddr *)&v4, sizeof v4);
      }
    } else if (address->sa_family == AF_INET6 && length >= sizeof(struct sockaddr_in6)) {
      struct sockaddr_in6 v6;
      memcpy(&v6, address, sizeof v6);
      if (IN6_IS_ADDR_UNSPECIFIED(&v6.sin6_addr)) {
        // A dual-stack socket (the JVM's default) takes the pod's address as ::ffff:a.b.c.d.
        memset(&v6.sin6_addr, 0, sizeof v6.sin6_addr);
        v6.sin6_addr.s6_addr[10] = 0xff;
        v6.sin6_addr.s6_addr[11] = 0xff;
        memcpy(&v6.sin6_addr.s6_addr[12], &pod_address, 4);
        return real_bind(fd, (const struct sockaddr *)&v6, sizeof v6);
      }
    }
  }
  return real_bind(fd, address, length);
}

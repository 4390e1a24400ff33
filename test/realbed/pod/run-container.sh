#!/usr/bin/env bash
# Runs one container of a pod, as root inside the private mount and UTS
# namespaces the process kubelet starts it in (unshare --mount --uts): builds
# the container's root filesystem on a tmpfs (the host's /usr, /etc and /lib
# read-only as the "image's" system, the image's /opt directories, the pod's volumes
# at their mount paths), sets the pod's hostname, and executes the command in
# that root as the pod's user. Mounts vanish with the namespace when the
# container's last process ends.
#
# run-container.sh --root DIR --image DIR --runtime DIR --hostname NAME
#   --user UID --group GID [--fs-group GID] [--read-only-root] [--preload LIB]
#   [--mount SRC:DST:ro|rw]... -- COMMAND [ARG]...
set -euo pipefail
mounts=()
fs_group=""
preload=""
read_only_root=false
while [ $# -gt 0 ]; do
  case $1 in
    --root) root=$2; shift 2 ;;
    --image) image=$2; shift 2 ;;
    --runtime) runtime=$2; shift 2 ;;
    --hostname) name=$2; shift 2 ;;
    --user) user=$2; shift 2 ;;
    --group) group=$2; shift 2 ;;
    --fs-group) fs_group=$2; shift 2 ;;
    --preload) preload=$2; shift 2 ;;
    --read-only-root) read_only_root=true; shift ;;
    --mount) mounts+=("$2"); shift 2 ;;
    --) shift; break ;;
    *) echo "run-container.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

mount -t tmpfs -o mode=755 container-root "$root"
for dir in usr etc bin sbin lib lib32 lib64 libx32; do
  if [ -L "/$dir" ]; then
    ln -s "$(readlink "/$dir")" "$root/$dir"
  elif [ -d "/$dir" ]; then
    mkdir "$root/$dir"
    mount --rbind -o ro "/$dir" "$root/$dir"
    mount -o remount,bind,ro "$root/$dir"
  fi
done
for dir in proc dev sys; do
  mkdir "$root/$dir"
  mount --rbind "/$dir" "$root/$dir"
done
# The image's /opt/<top> (/opt/kafka, or /opt/kafka-extras for the init
# container's image): its directories, read-only, on a tmpfs of their own that
# takes the mount points of the volumes mounted below it (a container runtime
# creates those in the container's writable layer).
mkdir -p "$root/run/kafka-hooks"
tops=()
for top in "$image"/opt/*/; do
  top=$(basename "$top")
  tops+=("$top")
  mkdir -p "$root/opt/$top"
  mount -t tmpfs -o mode=755 "image-opt-$top" "$root/opt/$top"
  for dir in "$image/opt/$top"/*/; do
    dir=$(basename "$dir")
    mkdir "$root/opt/$top/$dir"
    mount --bind "$image/opt/$top/$dir" "$root/opt/$top/$dir"
    mount -o remount,bind,ro "$root/opt/$top/$dir"
  done
done
mount --bind "$runtime" "$root/run/kafka-hooks"
mount -o remount,bind,ro "$root/run/kafka-hooks"
for spec in "${mounts[@]}"; do
  IFS=: read -r source target mode <<<"$spec"
  if [ -d "$source" ]; then mkdir -p "$root$target"; else mkdir -p "$(dirname "$root$target")"; touch "$root$target"; fi
  mount --bind "$source" "$root$target"
  if [ "$mode" = ro ]; then mount -o remount,bind,ro "$root$target"; fi
done
if [ "$read_only_root" = true ]; then
  for top in "${tops[@]}"; do mount -o remount,ro "$root/opt/$top"; done
  mount -o remount,ro "$root"
fi
hostname "$name"

groups=$group
if [ -n "$fs_group" ]; then groups=$group,$fs_group; fi
cd "$root"
# The parent-death signal is set after the switch of user (a change of
# credentials clears it): a container never outlives the kubelet that ran it.
# LD_PRELOAD names a path inside the root, so it is set only for the container's command.
exec chroot "$root" /usr/bin/env ${preload:+LD_PRELOAD=$preload} /usr/bin/setpriv --reuid="$user" --regid="$group" --groups="$groups" \
  --inh-caps=-all --bounding-set=-all --pdeathsig=KILL -- "$@"

#!/bin/bash
# Equivalent of Kafka 4's bin/kafka-configs.sh.
exec "$(dirname "$0")/kafka-run-class.sh" kafka.admin.ConfigCommand "$@"

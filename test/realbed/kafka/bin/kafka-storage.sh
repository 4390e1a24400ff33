#!/bin/bash
# Equivalent of Kafka 4's bin/kafka-storage.sh.
exec "$(dirname "$0")/kafka-run-class.sh" kafka.tools.StorageTool "$@"

#!/bin/bash
# Equivalent of Kafka 4's bin/kafka-metadata-quorum.sh.
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.MetadataQuorumCommand "$@"

// DescribeCluster v2 (KIP-1073, Kafka 4.0), which @platformatic/kafka 1.x does
// not encode (it stops at v1): v2 adds IncludeFencedBrokers to the request and
// IsFenced to each broker of the response. Written on the library's own request
// plumbing (createAPI, Writer, Reader), field for field after Kafka's
// clients/src/main/resources/common/message/DescribeClusterRequest.json and
// DescribeClusterResponse.json (flexible from v0, so compact strings and arrays
// and tagged fields throughout).
import { createAPI, ResponseError, Writer, type Reader } from "@platformatic/kafka";

/** EndpointType (v1+): 1 asks a broker about brokers; 2 would ask a controller about controllers. */
const BROKER_ENDPOINT = 1;

export interface DescribeClusterBroker {
  brokerId: number;
  host: string;
  port: number;
  rack: string | null;
  isFenced: boolean;
}

export interface DescribeClusterResponse {
  throttleTimeMs: number;
  errorCode: number;
  errorMessage: string | null;
  endpointType: number;
  clusterId: string;
  controllerId: number;
  brokers: DescribeClusterBroker[];
  clusterAuthorizedOperations: number;
}

/** include_cluster_authorized_operations, endpoint_type, include_fenced_brokers, tagged fields. */
function createRequest(includeFencedBrokers: boolean): Writer {
  return Writer.create().appendBoolean(false).appendInt8(BROKER_ENDPOINT).appendBoolean(includeFencedBrokers).appendTaggedFields();
}

function parseResponse(_correlationId: number, apiKey: number, apiVersion: number, reader: Reader): DescribeClusterResponse {
  const response: DescribeClusterResponse = {
    throttleTimeMs: reader.readInt32(),
    errorCode: reader.readInt16(),
    errorMessage: reader.readNullableString(),
    endpointType: reader.readInt8(),
    clusterId: reader.readString(),
    controllerId: reader.readInt32(),
    brokers: reader.readArray((r) => ({
      brokerId: r.readInt32(),
      host: r.readString(),
      port: r.readInt32(),
      rack: r.readNullableString(),
      isFenced: r.readBoolean(),
    })),
    clusterAuthorizedOperations: reader.readInt32(),
  };
  reader.readTaggedFields();
  if (response.errorCode !== 0) throw new ResponseError(apiKey, apiVersion, { "/": [response.errorCode, response.errorMessage] }, response);
  return response;
}

export const describeClusterV2 = createAPI<[includeFencedBrokers: boolean], DescribeClusterResponse>(60, 2, createRequest, parseResponse);

// ApiVersions v3 read whole: Kafka answers the finalized features (metadata.version
// among them, KIP-584) in the response's tagged fields, which @platformatic/kafka's
// apiVersionsV3 leaves unread. This is how Kafka's own Admin.describeFeatures asks.
// Written on the library's request plumbing (createAPI, Writer, Reader) after Kafka's
// clients/src/main/resources/common/message/ApiVersionsResponse.json: tag 0
// SupportedFeatures, 1 FinalizedFeaturesEpoch, 2 FinalizedFeatures, 3 ZkMigrationReady.
import { createAPI, ResponseError, Writer, type Reader } from "@platformatic/kafka";

const FINALIZED_FEATURES_TAG = 2;

export interface FinalizedFeature {
  name: string;
  maxVersionLevel: number;
  minVersionLevel: number;
}

export interface ApiVersionsWithFeatures {
  errorCode: number;
  apiKeys: Array<{ apiKey: number; minVersion: number; maxVersion: number }>;
  throttleTimeMs: number;
  finalizedFeatures: FinalizedFeature[];
}

/** client_software_name, client_software_version, tagged fields. */
function createRequest(clientSoftwareName: string, clientSoftwareVersion: string): Writer {
  return Writer.create().appendString(clientSoftwareName).appendString(clientSoftwareVersion).appendTaggedFields();
}

function parseResponse(_correlationId: number, apiKey: number, apiVersion: number, reader: Reader): ApiVersionsWithFeatures {
  const response: ApiVersionsWithFeatures = {
    errorCode: reader.readInt16(),
    apiKeys: reader.readArray((r) => ({ apiKey: r.readInt16(), minVersion: r.readInt16(), maxVersion: r.readInt16() })),
    throttleTimeMs: reader.readInt32(),
    finalizedFeatures: [],
  };
  // The library's readTaggedFields skips as many bytes as there are fields: each is read here, by tag and size.
  const fields = reader.readUnsignedVarInt();
  for (let i = 0; i < fields; i++) {
    const tag = reader.readUnsignedVarInt();
    const size = reader.readUnsignedVarInt();
    if (tag !== FINALIZED_FEATURES_TAG) {
      reader.skip(size);
      continue;
    }
    response.finalizedFeatures = reader.readArray((r) => ({ name: r.readString(), maxVersionLevel: r.readInt16(), minVersionLevel: r.readInt16() }));
  }
  if (response.errorCode !== 0) throw new ResponseError(apiKey, apiVersion, { "/": [response.errorCode, null] }, response);
  return response;
}

/** ApiVersions' response header has no tagged fields (KIP-511), whatever the version. */
export const apiVersionsWithFeatures = createAPI<[clientSoftwareName: string, clientSoftwareVersion: string], ApiVersionsWithFeatures>(18, 3, createRequest, parseResponse, true, false);

/**
 * Codecs shared by the services on the AWS endpoint: one configured Gson with AWS-shaped errors
 * for malformed bodies ({@link io.stratus.aws.codec.AwsJson}, {@link io.stratus.aws.codec.JsonBody})
 * and a small escaping XML writer with a parser that refuses DTDs and external entities
 * ({@link io.stratus.aws.codec.AwsXml}), the decoder of {@code aws-chunked} request bodies
 * ({@link io.stratus.aws.codec.AwsChunkedInputStream}), and CBOR for the Smithy RPC v2 CBOR protocol
 * ({@link io.stratus.aws.codec.AwsCbor}); lenient percent-decoding of paths, query strings and form
 * bodies ({@link io.stratus.aws.codec.UrlCodec}), also used by the HTTP gateway.
 */
@Export
@Version("1.2.0")
package io.stratus.aws.codec;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

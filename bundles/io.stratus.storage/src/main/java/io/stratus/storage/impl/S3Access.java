package io.stratus.storage.impl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import io.stratus.aws.api.AccessRequest;
import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsRequest;
import io.stratus.aws.codec.AwsChunkedInputStream;
import io.stratus.aws.codec.AwsXml;

/**
 * What each S3 request asks to do, as the Service Authorization Reference for Amazon S3 maps
 * operations to actions and resources: bucket operations act on {@code arn:aws:s3:::bucket}, object
 * operations on {@code arn:aws:s3:::bucket/key}; CopyObject and UploadPartCopy also read their source;
 * DeleteObjects deletes each of its keys. Requests {@link S3Api} answers with its own error
 * (unknown method or subresource) need no permission, so the caller sees that error.
 */
final class S3Access {

    private static final int MAX_DELETE_BODY = 2 * 1024 * 1024;
    private static final String ARN = "arn:aws:s3:::";

    private S3Access() {
    }

    static List<AccessRequest> of(AwsRequest request) throws AwsException, IOException {
        S3Request target = S3Request.of(request);
        String method = request.method();
        Map<String, List<String>> query = S3Api.subresources(request.parameters());
        String bucket = target.bucket();
        String key = target.key();
        if (bucket == null) {
            return method.equals("GET") ? List.of(new AccessRequest("s3:ListAllMyBuckets", "*")) : List.of();
        }
        String bucketArn = ARN + bucket;
        if (key == null) {
            return switch (method) {
                case "PUT" -> query.containsKey("notification") ? bucketAccess("s3:PutBucketNotification", bucketArn)
                        : query.isEmpty() ? bucketAccess("s3:CreateBucket", bucketArn) : List.of();
                case "DELETE" -> query.isEmpty() ? bucketAccess("s3:DeleteBucket", bucketArn) : List.of();
                // HeadBucket needs s3:ListBucket, as on AWS
                case "HEAD" -> bucketAccess("s3:ListBucket", bucketArn);
                case "GET" -> {
                    if (query.containsKey("location")) {
                        yield bucketAccess("s3:GetBucketLocation", bucketArn);
                    } else if (query.containsKey("notification")) {
                        yield bucketAccess("s3:GetBucketNotification", bucketArn);
                    } else if (query.containsKey("uploads")) {
                        yield bucketAccess("s3:ListBucketMultipartUploads", bucketArn);
                    }
                    if ("2".equals(request.parameter("list-type")) || S3Api.onlyListParameters(query)) {
                        yield List.of(new AccessRequest("s3:ListBucket", bucketArn, listConditions(request)));
                    }
                    yield List.of();
                }
                case "POST" -> query.containsKey("delete") ? deleteObjects(request, bucketArn) : List.of();
                default -> List.of();
            };
        }
        String objectArn = bucketArn + "/" + key;
        return switch (method) {
            case "PUT" -> {
                if (query.containsKey("tagging") || query.containsKey("acl") || query.containsKey("retention")
                        || query.containsKey("legal-hold")) {
                    yield List.of();
                }
                // PutObject, UploadPart, and (with x-amz-copy-source) CopyObject / UploadPartCopy
                String copySource = request.header("x-amz-copy-source");
                if (copySource == null) {
                    yield List.of(new AccessRequest("s3:PutObject", objectArn));
                }
                S3Request source = S3Api.copySource(copySource);
                yield List.of(new AccessRequest("s3:GetObject", ARN + source.bucket() + "/" + source.key()),
                        new AccessRequest("s3:PutObject", objectArn));
            }
            case "GET", "HEAD" -> {
                if (query.containsKey("uploadId") && method.equals("GET")) {
                    yield List.of(new AccessRequest("s3:ListMultipartUploadParts", objectArn));
                }
                if (query.containsKey("tagging") || query.containsKey("acl") || query.containsKey("attributes")) {
                    yield List.of();
                }
                yield List.of(new AccessRequest("s3:GetObject", objectArn));
            }
            case "DELETE" -> List.of(new AccessRequest(
                    query.containsKey("uploadId") ? "s3:AbortMultipartUpload" : "s3:DeleteObject", objectArn));
            // CreateMultipartUpload and CompleteMultipartUpload
            case "POST" -> query.containsKey("uploads") || query.containsKey("uploadId")
                    ? List.of(new AccessRequest("s3:PutObject", objectArn))
                    : List.of();
            default -> List.of();
        };
    }

    private static List<AccessRequest> bucketAccess(String action, String bucketArn) {
        return List.of(new AccessRequest(action, bucketArn));
    }

    /** The condition keys of ListBucket that the request sets (an absent parameter is a missing key). */
    private static Map<String, List<String>> listConditions(AwsRequest request) {
        Map<String, List<String>> conditions = new LinkedHashMap<>();
        for (String name : List.of("prefix", "delimiter", "max-keys")) {
            String value = request.parameter(name);
            if (value != null) {
                conditions.put("s3:" + name, List.of(value));
            }
        }
        return conditions;
    }

    /** DeleteObjects needs s3:DeleteObject on every key it names. */
    private static List<AccessRequest> deleteObjects(AwsRequest request, String bucketArn)
            throws AwsException, IOException {
        byte[] body = request.body(MAX_DELETE_BODY);
        if (AwsChunkedInputStream.isAwsChunked(request.header("Content-Encoding"),
                request.header("x-amz-content-sha256"))) {
            // signatures are checked when the service reads the body; here only the keys matter
            try (InputStream decoded = new AwsChunkedInputStream(new ByteArrayInputStream(body),
                    AwsChunkedInputStream.ChunkSignatures.NONE)) {
                body = decoded.readAllBytes();
            } catch (AwsChunkedInputStream.MalformedChunkException e) {
                throw new AwsException(400, "IncompleteBody",
                        "The request body is not valid aws-chunked encoding: " + e.getMessage());
            }
        }
        Document document = AwsXml.parse(body, "MalformedXML", S3Api.MALFORMED);
        Element root = document.getDocumentElement();
        List<AccessRequest> accesses = new ArrayList<>();
        for (Node node = root.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && "Object".equals(S3Api.localName(element))) {
                String key = AwsXml.childText(element, "Key");
                if (key == null) {
                    throw new AwsException(400, "MalformedXML", S3Api.MALFORMED);
                }
                accesses.add(new AccessRequest("s3:DeleteObject", bucketArn + "/" + key));
            }
        }
        if (accesses.isEmpty()) {
            throw new AwsException(400, "MalformedXML", S3Api.MALFORMED);
        }
        return accesses;
    }
}

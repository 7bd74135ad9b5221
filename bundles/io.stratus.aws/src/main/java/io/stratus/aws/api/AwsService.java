package io.stratus.aws.api;

import java.io.IOException;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: one AWS service served on the AWS endpoint. Register with the service properties
 * below; the front door routes a request to the service when its SigV4 credential scope names
 * {@link #SERVICE}, its {@code X-Amz-Target} starts with {@link #TARGET_PREFIX}, its path starts with
 * one of {@link #PATH_PREFIX}, or (query protocol) the {@code Action} belongs to it.
 */
@ConsumerType
public interface AwsService {

    /** Service property: the SigV4 signing name, e.g. {@code lambda}, {@code s3}, {@code events}. */
    String SERVICE = "stratus.aws.service";
    /** Service property: {@link AwsProtocol#id()}. */
    String PROTOCOL = "stratus.aws.protocol";
    /** Service property (optional): {@code X-Amz-Target} prefix, e.g. {@code AWSEvents}. */
    String TARGET_PREFIX = "stratus.aws.target.prefix";
    /** Service property (optional, multiple): request path prefixes, e.g. {@code /2015-03-31/}. */
    String PATH_PREFIX = "stratus.aws.path.prefix";
    /** Service property (optional): serves requests no other service claims (S3 does, as AWS). */
    String FALLBACK = "stratus.aws.fallback";
    /**
     * Service property (optional, query protocol): the XML namespace of the service's documents,
     * e.g. {@code https://iam.amazonaws.com/doc/2010-05-08/}; the front door's error documents carry it.
     */
    String XML_NAMESPACE = "stratus.aws.xml.namespace";

    /**
     * Serves one request. Throw {@link AwsException} for any error AWS would answer; the front door
     * renders it in this service's protocol and nothing else should have been written.
     */
    void handle(AwsRequest request, AwsResponse response) throws AwsException, IOException;
}

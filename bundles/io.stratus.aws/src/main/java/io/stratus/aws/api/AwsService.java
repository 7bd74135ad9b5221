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
    /**
     * Service property: {@link AwsProtocol#id()}. Multiple values (since 1.2): the main protocol, then
     * {@code query} for a service that also takes form-encoded {@code Action=} requests without
     * {@code X-Amz-Target} (CloudWatch, whose older SDKs and CLIs still speak the query protocol); such
     * requests report {@link AwsRequest#protocol()} {@code QUERY} and their errors are rendered as XML.
     */
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

    /**
     * States what a request asks to do, so that it is authorized before {@link #handle} runs: the
     * front door passes every returned {@link AccessRequest} to the {@link RequestAuthorizer}
     * (IAM) and answers {@code AccessDenied} (query, REST-XML) or {@code AccessDeniedException}
     * (JSON protocols) with status 403 when any is denied; the service then never sees the request.
     *
     * <p>Called after authentication, with the form parameters (query protocol) already read; the
     * body may be read here as in {@link #handle} (it is kept for the service). Map each operation to
     * its action and resource as AWS's Service Authorization Reference does, for example:
     * <pre>
     * s3 GetObject            s3:GetObject           arn:aws:s3:::bucket/key
     * s3 ListObjectsV2        s3:ListBucket          arn:aws:s3:::bucket   (condition s3:prefix)
     * lambda Invoke           lambda:InvokeFunction  arn:aws:lambda:region:account:function:name
     * events PutRule          events:PutRule         arn:aws:events:region:account:rule/name
     * logs PutLogEvents       logs:PutLogEvents      arn:aws:logs:region:account:log-group:g:log-stream:s
     * iam CreateUser          iam:CreateUser         arn:aws:iam::account:user/name
     * </pre>
     * Return an empty list for requests that need no permission (none in AWS, but e.g. an operation
     * that only fails with the service's own error), and throw {@link AwsException} for a request
     * so malformed that no action can be named (it is answered as is). The account root is always
     * allowed.
     *
     * @return the accesses the request needs, or null when this service does not state them: then
     *         only the account root may call it (default deny for everyone else)
     */
    default java.util.List<AccessRequest> access(AwsRequest request) throws AwsException, IOException {
        return null;
    }
}

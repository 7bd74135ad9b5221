package io.stratus.distribution.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** The IAM and STS APIs through the SDK's IamClient and StsClient, and what their policies allow. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class IamIT extends IamItSupport {

    static final String READ_ONLY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ReadOnly\",\"Effect\":\"Allow\","
            + "\"Action\":[\"iam:Get*\",\"iam:List*\",\"lambda:Get*\",\"lambda:List*\"],\"Resource\":\"*\"}]}";
    static final String TRUST_ACCOUNT = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:root\"},\"Action\":\"sts:AssumeRole\"}]}";

    @Test
    public void usersKeysAndInlinePoliciesRoundTripAndPersist() throws Exception {
        try (IamClient iam = rootIam()) {
            User created = iam.createUser(b -> b.userName("ada").path("/engineering/")).user();
            assertEquals("arn:aws:iam::000000000000:user/engineering/ada", created.arn());
            assertTrue(created.userId().startsWith("AIDA"));
            assertEquals(created.arn(), iam.getUser(b -> b.userName("ada")).user().arn());
            assertTrue(iam.listUsers().users().stream().anyMatch(u -> u.userName().equals("ada")));
            assertThrows(EntityAlreadyExistsException.class, () -> iam.createUser(b -> b.userName("ada")));

            AccessKey key = iam.createAccessKey(b -> b.userName("ada")).accessKey();
            assertTrue(key.accessKeyId().startsWith("AKIA"));
            assertEquals(40, key.secretAccessKey().length());
            iam.updateAccessKey(b -> b.userName("ada").accessKeyId(key.accessKeyId()).status(StatusType.INACTIVE));
            assertEquals(StatusType.INACTIVE, iam.listAccessKeys(b -> b.userName("ada")).accessKeyMetadata().get(0).status());

            iam.putUserPolicy(b -> b.userName("ada").policyName("read").policyDocument(READ_ONLY));
            assertEquals(List.of("read"), iam.listUserPolicies(b -> b.userName("ada")).policyNames());
            String document = iam.getUserPolicy(b -> b.userName("ada").policyName("read")).policyDocument();
            assertEquals(READ_ONLY, URLDecoder.decode(document, StandardCharsets.UTF_8));

            assertThrows(DeleteConflictException.class, () -> iam.deleteUser(b -> b.userName("ada")));
            String state = Files.readString(dataDirectory().resolve("iam/iam.json"));
            assertTrue(state, state.contains("\"ada\"") && state.contains(key.accessKeyId()));

            iam.deleteAccessKey(b -> b.userName("ada").accessKeyId(key.accessKeyId()));
            iam.deleteUserPolicy(b -> b.userName("ada").policyName("read"));
            iam.deleteUser(b -> b.userName("ada"));
            assertThrows(NoSuchEntityException.class, () -> iam.getUser(b -> b.userName("ada")));
            assertFalse(Files.readString(dataDirectory().resolve("iam/iam.json")).contains("\"ada\""));
        }
    }

    @Test
    public void rolesAndManagedPoliciesAttachAndDetach() {
        try (IamClient iam = rootIam()) {
            Role role = iam.createRole(b -> b.roleName("worker").assumeRolePolicyDocument(TRUST_ACCOUNT)).role();
            assertEquals("arn:aws:iam::000000000000:role/worker", role.arn());
            Policy policy = iam.createPolicy(b -> b.policyName("readers").policyDocument(READ_ONLY)).policy();
            assertEquals("arn:aws:iam::000000000000:policy/readers", policy.arn());
            iam.attachRolePolicy(b -> b.roleName("worker").policyArn(policy.arn()));
            List<AttachedPolicy> attached = iam.listAttachedRolePolicies(b -> b.roleName("worker")).attachedPolicies();
            assertEquals(List.of("readers"), attached.stream().map(AttachedPolicy::policyName).toList());
            assertEquals(1, (int) iam.getPolicy(b -> b.policyArn(policy.arn())).policy().attachmentCount());
            assertThrows(DeleteConflictException.class, () -> iam.deletePolicy(b -> b.policyArn(policy.arn())));
            assertThrows(DeleteConflictException.class, () -> iam.deleteRole(b -> b.roleName("worker")));
            iam.detachRolePolicy(b -> b.roleName("worker").policyArn(policy.arn()));
            iam.deletePolicy(b -> b.policyArn(policy.arn()));
            iam.deleteRole(b -> b.roleName("worker"));
            assertThrows(NoSuchEntityException.class, () -> iam.getRole(b -> b.roleName("worker")));
        }
    }

    @Test
    public void awsLambdaBasicExecutionRoleIsThere() {
        String arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
        try (IamClient iam = rootIam()) {
            assertEquals("AWSLambdaBasicExecutionRole", iam.getPolicy(b -> b.policyArn(arn)).policy().policyName());
            String document = URLDecoder.decode(iam.getPolicyVersion(b -> b.policyArn(arn).versionId("v1"))
                    .policyVersion().document(), StandardCharsets.UTF_8);
            assertTrue(document, document.contains("logs:CreateLogGroup") && document.contains("logs:CreateLogStream")
                    && document.contains("logs:PutLogEvents"));
            assertTrue(iam.listPolicies(b -> b.scope("AWS")).policies().stream().anyMatch(p -> p.arn().equals(arn)));
        }
    }

    @Test
    public void malformedPoliciesAreRefusedAndChangeNothing() {
        try (IamClient iam = rootIam()) {
            iam.createUser(b -> b.userName("malformed"));
            for (String bad : new String[] {"{not json", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\"}]}",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Permit\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"}) {
                assertThrows(bad, MalformedPolicyDocumentException.class,
                        () -> iam.putUserPolicy(b -> b.userName("malformed").policyName("p").policyDocument(bad)));
                assertThrows(bad, MalformedPolicyDocumentException.class,
                        () -> iam.createPolicy(b -> b.policyName("bad").policyDocument(bad)));
            }
            assertTrue(iam.listUserPolicies(b -> b.userName("malformed")).policyNames().isEmpty());
            assertTrue(iam.listPolicies(b -> b.scope("Local")).policies().stream().noneMatch(p -> p.policyName().equals("bad")));
            iam.deleteUser(b -> b.userName("malformed"));
        }
    }

    @Test
    public void aReadOnlyUserCanReadButNotDelete() throws Exception {
        try (IamClient iam = rootIam()) {
            iam.createUser(b -> b.userName("reader"));
            iam.createUser(b -> b.userName("victim"));
            iam.putUserPolicy(b -> b.userName("reader").policyName("read").policyDocument(READ_ONLY));
            AccessKey key = iam.createAccessKey(b -> b.userName("reader")).accessKey();
            StaticCredentialsProvider reader = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
            try (IamClient asReader = iam(reader); LambdaClient lambdaAsReader = lambda(reader); StsClient sts = sts(reader)) {
                assertTrue(asReader.listUsers().users().stream().anyMatch(u -> u.userName().equals("victim")));
                AwsServiceException denied = assertThrows(AwsServiceException.class,
                        () -> asReader.deleteUser(b -> b.userName("victim")));
                assertAwsError("AccessDenied", 403, denied);
                assertTrue(denied.getMessage(), denied.getMessage().contains("iam:DeleteUser"));
                lambdaAsReader.listFunctions();
                AwsServiceException lambdaDenied = assertThrows(AwsServiceException.class,
                        () -> lambdaAsReader.deleteFunctionConcurrency(b -> b.functionName("anything")));
                assertAwsError("AccessDeniedException", 403, lambdaDenied);
                assertEquals("arn:aws:iam::000000000000:user/reader", sts.getCallerIdentity().arn());
            }
            assertEquals("victim", iam.getUser(b -> b.userName("victim")).user().userName());
        }
    }

    @Test
    public void callerIdentityOfTheRoot() {
        try (StsClient sts = sts(StaticCredentialsProvider.create(rootCredentials()))) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            assertEquals("arn:aws:iam::000000000000:root", identity.arn());
            assertEquals("000000000000", identity.account());
        }
    }

    @Test
    public void anAssumedRoleMayDoWhatItsPoliciesAllowUntilItsCredentialsExpire() throws Exception {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        Dictionary<String, Object> ranking = new Hashtable<>();
        ranking.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        ServiceRegistration<Clock> registration = context.registerService(Clock.class, clock, ranking);
        try (IamClient iam = rootIam(); StsClient sts = sts(StaticCredentialsProvider.create(rootCredentials()))) {
            iam.createRole(b -> b.roleName("lister").assumeRolePolicyDocument(TRUST_ACCOUNT));
            iam.putRolePolicy(b -> b.roleName("lister").policyName("list").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"lambda:ListFunctions\",\"Resource\":\"*\"}]}"));
            AssumeRoleResponse assumed = sts.assumeRole(b -> b.roleArn("arn:aws:iam::000000000000:role/lister")
                    .roleSessionName("it").durationSeconds(900));
            assertEquals("arn:aws:sts::000000000000:assumed-role/lister/it", assumed.assumedRoleUser().arn());
            assertTrue(assumed.credentials().accessKeyId().startsWith("ASIA"));
            assertEquals(clock.instant().plusSeconds(900), assumed.credentials().expiration());
            try (LambdaClient asRole = lambda(session(assumed.credentials()));
                    StsClient stsAsRole = sts(session(assumed.credentials()))) {
                asRole.listFunctions();
                assertAwsError("AccessDeniedException", 403, assertThrows(AwsServiceException.class, asRole::getAccountSettings));
                assertEquals(assumed.assumedRoleUser().arn(), stsAsRole.getCallerIdentity().arn());

                clock.advance(Duration.ofSeconds(900));
                assertAwsError("ExpiredTokenException", 403, assertThrows(AwsServiceException.class, asRole::listFunctions));
            }
        } finally {
            registration.unregister();
        }
    }

    @Test
    public void aRoleThatDoesNotTrustTheCallerCannotBeAssumed() {
        try (IamClient iam = rootIam(); StsClient sts = sts(StaticCredentialsProvider.create(rootCredentials()))) {
            iam.createRole(b -> b.roleName("lambda-only").assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
            AwsServiceException e = assertThrows(AwsServiceException.class, () -> sts.assumeRole(
                    b -> b.roleArn("arn:aws:iam::000000000000:role/lambda-only").roleSessionName("nope")));
            assertAwsError("AccessDenied", 403, e);
        }
    }
}

package io.stratus.iam.impl.policy;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** ARNs matched part by part, in place; anything with fewer than six parts as one string. */
public class WildcardsTest {

    @Test
    public void aWildcardNeverSpansTheColonsOfAnArn() {
        assertTrue(Wildcards.arnMatches("arn:aws:lambda:*:*:function:hel*", "arn:aws:lambda:us-east-1:000000000000:function:hello"));
        assertFalse(Wildcards.arnMatches("arn:aws:lambda:*:function:hello", "arn:aws:lambda:us-east-1:000000000000:function:hello"));
        assertTrue(Wildcards.arnMatches("arn:aws:*", "arn:aws:s3:::bucket/key"));
        assertFalse(Wildcards.arnMatches("arn:aws:*:::bucket/key", "arn:aws:s3:x::bucket/key"));
        assertTrue(Wildcards.arnMatches("arn:aws:s3:::*", "arn:aws:s3:::bucket/key"));
        assertFalse(Wildcards.arnMatches("arn:aws:s3:::bucket", "arn:aws:s3:::bucket/key"));
        assertTrue(Wildcards.arnMatches("*", "anything"));
    }

    @Test
    public void theResourcePartMayHoldColons() {
        String stream = "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/hello:log-stream:x";
        assertTrue(Wildcards.arnMatches("arn:aws:logs:*:000000000000:log-group:/aws/lambda/hello:*", stream));
        assertFalse(Wildcards.arnMatches("arn:aws:logs:*:000000000000:log-group:/aws/lambda/other:*", stream));
        assertTrue(Wildcards.arnMatches("arn:aws:logs:us-east-?:000000000000:log-group:*", stream));
    }

    @Test
    public void textsWithFewerThanSixPartsMatchAsOneString() {
        assertTrue(Wildcards.arnMatches("a:*", "a:b:c"));
        assertTrue(Wildcards.arnMatches("a*c", "a:b:c"));
        assertFalse(Wildcards.arnMatches("a:b", "a:b:c"));
        assertTrue(Wildcards.arnMatches("s3:Get*", "s3:GetObject"));
    }

    @Test
    public void actionsMatchIgnoringCase() {
        assertTrue(Wildcards.matches("S3:get*", "s3:GetObject", true));
        assertFalse(Wildcards.matches("S3:get*", "s3:GetObject", false));
        assertTrue(Wildcards.matches("iam:*AccessKey*", "iam:ListAccessKeys", true));
        assertFalse(Wildcards.matches("iam:?", "iam:", true));
    }
}

package io.stratus.distribution.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ListFunctionsResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** The AWS SDK for Java v2 reaches the platform from inside the test framework. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AwsSdkIT extends StratusTestSupport {

    @Test
    public void listFunctionsAnswersThroughTheSdk() throws Exception {
        awaitHealthy();
        try (LambdaClient lambda = lambda()) {
            ListFunctionsResponse response = lambda.listFunctions();
            assertNotNull(response.functions());
            assertEquals(0, response.functions().size());
        }
    }

    @Test
    public void unknownFunctionIsTheSdksResourceNotFoundException() throws Exception {
        awaitHealthy();
        try (LambdaClient lambda = lambda()) {
            ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class,
                    () -> lambda.getFunction(b -> b.functionName("no-such-function")));
            assertEquals(404, e.statusCode());
        }
    }
}

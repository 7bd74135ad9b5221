package io.stratus.runtime.impl.handler;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

public class HandlerBindingTest {

    public static class Order {
        public String item;
        public int quantity;
        public List<String> tags;
    }

    public static class Receipt {
        public String summary;
        public double total;
    }

    public static class OrderHandler implements RequestHandler<Order, Receipt> {
        @Override
        public Receipt handleRequest(Order order, Context context) {
            Receipt receipt = new Receipt();
            receipt.summary = order.quantity + "x " + order.item + " " + order.tags;
            receipt.total = order.quantity * 2.5;
            return receipt;
        }
    }

    @SuppressWarnings("rawtypes")
    public static class RawHandler implements RequestHandler {
        @Override
        public Object handleRequest(Object input, Context context) {
            return (input instanceof Map) + ":" + ((Map<?, ?>) input).get("n").getClass().getSimpleName();
        }
    }

    public static class StringHandler implements RequestHandler<String, String> {
        @Override
        public String handleRequest(String input, Context context) {
            return "<" + input + ">";
        }
    }

    public static class NumberHandler implements RequestHandler<Integer, Boolean> {
        @Override
        public Boolean handleRequest(Integer input, Context context) {
            return input > 10;
        }
    }

    public abstract static class Counting<T> implements RequestHandler<T, Integer> {
        protected abstract int count(T input);

        @Override
        public Integer handleRequest(T input, Context context) {
            return count(input);
        }
    }

    public static class ListCounter extends Counting<List<Order>> {
        @Override
        protected int count(List<Order> input) {
            // fails with ClassCastException unless the elements were mapped to Order
            return input.stream().mapToInt(o -> o.quantity).sum();
        }
    }

    public static class Upper implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
            out.write(new String(in.readAllBytes(), StandardCharsets.UTF_8).toUpperCase().getBytes(StandardCharsets.UTF_8));
        }
    }

    public static class Methods {
        public String shout(String text) {
            return text.toUpperCase() + "!";
        }

        public static int twice(int value, Context context) {
            return value * 2;
        }

        public void ping() {
        }

        public void copy(InputStream in, OutputStream out) throws IOException {
            in.transferTo(out);
        }
    }

    public static class NoDefaultConstructor implements RequestHandler<String, String> {
        public NoDefaultConstructor(String required) {
        }

        @Override
        public String handleRequest(String input, Context context) {
            return input;
        }
    }

    public static class NotAHandler {
        public String other(String a, String b, String c) {
            return a;
        }
    }

    private static String call(Class<?> type, String method, String payload) throws Throwable {
        HandlerBinding binding = HandlerBinding.resolve(type, method);
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        byte[] out = binding.invoke(binding.newInstance(), bytes, JsonMapping.parseStrict(bytes), null);
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    public void pojoInputAndOutputAreMappedThroughJson() throws Throwable {
        String out = call(OrderHandler.class, null, "{\"item\":\"tea\",\"quantity\":3,\"tags\":[\"hot\"]}");
        assertEquals("{\"summary\":\"3x tea [hot]\",\"total\":7.5}", out);
    }

    @Test
    public void aTypedHandlerNamedByItsMethodStillGetsItsInputType() throws Throwable {
        // getMethods() also lists the bridge handleRequest(Object, Context), in no fixed order
        assertEquals(OrderHandler.class.getMethod("handleRequest", Order.class, Context.class).getParameterTypes()[0],
                HandlerBinding.resolve(OrderHandler.class, "handleRequest").inputType());
        String out = call(OrderHandler.class, "handleRequest", "{\"item\":\"tea\",\"quantity\":3,\"tags\":[\"hot\"]}");
        assertEquals("{\"summary\":\"3x tea [hot]\",\"total\":7.5}", out);
    }

    @Test
    public void rawHandlerGetsAMapWithWholeNumbersAsLongs() throws Throwable {
        assertEquals("\"true:Long\"", call(RawHandler.class, null, "{\"n\":5}"));
    }

    @Test
    public void stringHandlerGetsTheValueOfAJsonString() throws Throwable {
        assertEquals("\"<hi there>\"", call(StringHandler.class, null, "\"hi there\""));
    }

    @Test
    public void stringHandlerGetsTheRawTextOfOtherJson() throws Throwable {
        assertEquals("\"<{\\\"a\\\": 1}>\"", call(StringHandler.class, null, "{\"a\": 1}"));
    }

    @Test
    public void emptyPayloadIsNullInputAndNullOutputIsJsonNull() throws Throwable {
        assertEquals("\"<null>\"", call(StringHandler.class, null, ""));
        assertEquals("null", call(Methods.class, "ping", "{}"));
    }

    @Test
    public void numbersAndBooleansMap() throws Throwable {
        assertEquals("true", call(NumberHandler.class, null, "11"));
        assertEquals("false", call(NumberHandler.class, null, "3"));
    }

    @Test
    public void typeArgumentsAreFoundThroughTheSuperclass() throws Throwable {
        HandlerBinding binding = HandlerBinding.resolve(ListCounter.class, null);
        assertEquals("java.util.List<" + Order.class.getName() + ">", binding.inputType().getTypeName());
        assertEquals(Integer.class, binding.outputType());
        assertEquals("5", call(ListCounter.class, null, "[{\"quantity\":2},{\"quantity\":3}]"));
    }

    @Test
    public void streamHandlerSeesTheRawBytes() throws Throwable {
        assertEquals("\"ABC\"", call(Upper.class, null, "\"abc\""));
        assertTrue(HandlerBinding.resolve(Upper.class, null).streaming());
    }

    @Test
    public void namedMethodsOfEveryShapeCanBeHandlers() throws Throwable {
        assertEquals("\"HEY!\"", call(Methods.class, "shout", "\"hey\""));
        assertEquals("42", call(Methods.class, "twice", "21"));
        assertEquals("[1,2]", call(Methods.class, "copy", "[1,2]"));
    }

    @Test
    public void staticMethodNeedsNoInstance() throws Throwable {
        assertNull(HandlerBinding.resolve(Methods.class, "twice").newInstance());
    }

    @Test
    public void missingMethodIsRejectedWithLambdasMessage() {
        try {
            HandlerBinding.resolve(Methods.class, "nope");
            fail();
        } catch (InvalidHandlerException e) {
            assertEquals("No public method named nope with appropriate method signature found on class "
                    + Methods.class.getName(), e.getMessage());
        }
    }

    @Test
    public void classThatIsNoHandlerIsRejected() {
        try {
            HandlerBinding.resolve(NotAHandler.class, null);
            fail();
        } catch (InvalidHandlerException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("does not implement RequestHandler"));
        }
    }

    @Test
    public void handlerWithoutZeroArgumentConstructorIsRejected() {
        try {
            HandlerBinding.resolve(NoDefaultConstructor.class, null);
            fail();
        } catch (InvalidHandlerException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no public zero-argument constructor"));
        }
    }

    @Test
    public void jsonThatDoesNotFitTheInputTypeIsAnUnmarshalError() throws Throwable {
        try {
            call(OrderHandler.class, null, "{\"quantity\":\"many\"}");
            fail();
        } catch (HandlerFailure e) {
            assertEquals("Runtime.UnmarshalError", e.errorType());
            assertTrue(e.getMessage(), e.getMessage().startsWith("Unable to unmarshal input: "));
        }
    }

    @Test
    public void strictParsingRefusesWhatLambdaRefuses() {
        for (String bad : new String[] {"{\"a\":", "abc", "{} {}", "{'a':1}", "[1,]", "NaN"}) {
            assertFalse(bad, JsonMapping.isJson(bad.getBytes(StandardCharsets.UTF_8)));
        }
        for (String good : new String[] {"", "  \n", "null", "1", "\"s\"", "{\"a\":[1,2.5,true]}"}) {
            assertTrue(good, JsonMapping.isJson(good.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    public void streamOutputBytesAreKeptAsTheyAre() throws Throwable {
        HandlerBinding binding = HandlerBinding.resolve(Upper.class, null);
        byte[] out = binding.invoke(binding.newInstance(), "x".getBytes(StandardCharsets.UTF_8), null, null);
        assertArrayEquals("X".getBytes(StandardCharsets.UTF_8), out);
    }
}

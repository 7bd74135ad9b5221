package io.stratus.test.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;

/** Maps JSON to a POJO and back: {@code {"name":"Ada","age":36}} answers {@code {"message":"Hello, Ada","age":36}}. */
@Function(name = "echo-pojo")
public class EchoPojo implements RequestHandler<Person, Greeting> {

    @Override
    public Greeting handleRequest(Person person, Context context) {
        Greeting greeting = new Greeting();
        greeting.setMessage("Hello, " + person.getName());
        greeting.setAge(person.getAge());
        return greeting;
    }
}

package io.stratus.test.functions;

/** Output of {@code echo-pojo}: {@code {"message":"Hello, Ada","age":36}}. */
public class Greeting {
    private String message;
    private int age;

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public int getAge() {
        return age;
    }

    public void setAge(int age) {
        this.age = age;
    }
}

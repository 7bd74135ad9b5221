package io.stratus.test.functions;

/** Input of {@code echo-pojo}: {@code {"name":"Ada","age":36}}. */
public class Person {
    private String name;
    private int age;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public int getAge() {
        return age;
    }

    public void setAge(int age) {
        this.age = age;
    }
}

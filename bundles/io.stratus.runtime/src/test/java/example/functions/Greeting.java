package example.functions;

public class Greeting {
    public String name;
    public int times;
}

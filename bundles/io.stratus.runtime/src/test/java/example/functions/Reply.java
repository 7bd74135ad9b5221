package example.functions;

public class Reply {
    public String message;
    public String function;
    public String requestId;
}

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import io.stratus.iam.impl.sigv4.SigV4;

/**
 * Prints a presigned URL for a request on the AWS endpoint, signed with the default profile of a
 * shared-credentials file (data/credentials), so tools that cannot sign (wrk, curl loops) can call
 * it. Usage: Presign METHOD URL SERVICE REGION CREDENTIALS_FILE SECONDS
 */
public class Presign {

    public static void main(String[] args) throws Exception {
        String keyId = null;
        String secret = null;
        for (String line : Files.readAllLines(Path.of(args[4]))) {
            String[] pair = line.split("=", 2);
            if (pair.length == 2 && pair[0].trim().equals("aws_access_key_id")) {
                keyId = pair[1].trim();
            } else if (pair.length == 2 && pair[0].trim().equals("aws_secret_access_key")) {
                secret = pair[1].trim();
            }
        }
        System.out.println(SigV4.presign(args[0], args[1], args[2], args[3], keyId, secret, Instant.now(),
                Long.parseLong(args[5])));
    }
}

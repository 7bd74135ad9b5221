package io.stratus.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** The lines printed once the platform is ready: where everything is and how to reach it. */
final class Banner {

    private Banner() {
    }

    /**
     * @param credentialsFile null when the root credentials come from the environment
     * @param passwordFile    null when the console password comes from the environment
     */
    static String text(String version, Duration startup, Settings settings, Path workingDirectory,
            Path credentialsFile, Path passwordFile) {
        String gateway = "http://localhost:" + settings.httpPort() + "/";
        String aws = "http://localhost:" + settings.awsPort();
        String password = passwordFile == null ? "password from STRATUS_CONSOLE_PASSWORD"
                : "password in " + show(workingDirectory, passwordFile);
        StringBuilder text = new StringBuilder();
        text.append('\n');
        text.append(String.format(Locale.ROOT, "Stratus %s ready in %.2f s%n", version, startup.toMillis() / 1000.0));
        text.append(line("Gateway", gateway));
        text.append(line("AWS endpoint", aws + "/  (region " + settings.region() + ", account " + settings.account() + ")"));
        text.append(line("Web Console", gateway + "system/console  (user " + FrameworkProperties.CONSOLE_USER + ", " + password + ")"));
        if (credentialsFile == null) {
            text.append(line("Credentials", "root key from STRATUS_ROOT_ACCESS_KEY_ID / STRATUS_ROOT_SECRET_ACCESS_KEY"));
            text.append(line("", "aws --endpoint-url " + aws + " lambda list-functions  (with that key in the aws CLI's environment)"));
        } else {
            String file = show(workingDirectory, credentialsFile);
            text.append(line("Credentials", file + "  (profile default)"));
            text.append(line("", "AWS_SHARED_CREDENTIALS_FILE=" + file + " aws --endpoint-url " + aws + " lambda list-functions"));
        }
        text.append(line("Deploy folder", show(workingDirectory, settings.deploy())));
        text.append(line("Data folder", show(workingDirectory, settings.data())));
        return text.toString();
    }

    private static String line(String label, String value) {
        return String.format(Locale.ROOT, "  %-14s %s%n", label, value);
    }

    /** Paths under the working directory are shown relative to it, as the user typed them. */
    static String show(Path workingDirectory, Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path base = workingDirectory.toAbsolutePath().normalize();
        if (absolute.startsWith(base) && !absolute.equals(base)) {
            return base.relativize(absolute).toString();
        }
        return absolute.toString();
    }
}

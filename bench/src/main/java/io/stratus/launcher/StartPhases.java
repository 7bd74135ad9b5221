package io.stratus.launcher;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where platform start-up time goes: starts the real platform in a fresh JVM the way {@link Main}
 * does ({@link BenchPlatform}), prints each phase with its wall time and loaded classes, and stops.
 * Usage: {@code StartPhases <home>}; an empty or missing home is a first start, a home kept from
 * an earlier run a restart.
 */
public final class StartPhases {

    private StartPhases() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: StartPhases <home folder>");
            System.exit(2);
        }
        Path home = Files.createDirectories(Path.of(args[0]));
        boolean restart = Files.isDirectory(home.resolve("data/framework"));
        try (BenchPlatform platform = BenchPlatform.start(home)) {
            System.out.println();
            System.out.println("== platform start phases (" + (restart ? "restart, data kept" : "first start, empty data dir") + ") ==");
            platform.printStart(System.out);
        }
        System.exit(0);
    }
}

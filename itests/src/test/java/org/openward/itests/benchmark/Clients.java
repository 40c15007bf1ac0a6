package org.openward.itests.benchmark;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Concurrent clients, each sending one request after another until the time is up or it has
 * nothing left to send; the latency of every 2xx answer, and the kind of every other, into one
 * {@link Latencies}.
 */
final class Clients {

    /** One request of one client (0, 1, …; its random numbers seeded by that number). */
    interface Request {
        /** Sends it and answers the HTTP status, or {@link #DONE} when this client has nothing left to send. */
        int send(int client, Random random) throws IOException, InterruptedException;
    }

    static final int DONE = -1;

    /** What a run measured, and how long it took in all. */
    record Run(Latencies latencies, double seconds) {
    }

    private Clients() {
    }

    /** Runs {@code clients} clients for at most {@code duration} (null: until each is done). */
    static Run run(int clients, Duration duration, Request request) throws Exception {
        Latencies latencies = new Latencies();
        Instant end = duration == null ? Instant.MAX : Instant.now().plus(duration);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                Random random = new Random(c);
                running.add(pool.submit(() -> {
                    while (Instant.now().isBefore(end)) {
                        long t0 = System.nanoTime();
                        try {
                            int status = request.send(client, random);
                            if (status == DONE) {
                                break;
                            } else if (status / 100 == 2) {
                                latencies.add(System.nanoTime() - t0);
                            } else {
                                latencies.error(Integer.toString(status));
                            }
                        } catch (IOException e) {
                            latencies.error(e.getClass().getSimpleName());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            pool.shutdown();
        }
        return new Run(latencies, (System.nanoTime() - started) / 1e9);
    }
}

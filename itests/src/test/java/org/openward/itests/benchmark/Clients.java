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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Concurrent clients, each sending one request after another: as fast as they are answered
 * until the time is up or they have nothing left to send ({@link #run}), or at a steady offered
 * rate until stopped ({@link Paced}). The latency of every expected answer, and the kind of every
 * other, go into a {@link Latencies}.
 */
final class Clients {

    /** One request of one client (0, 1, …; its random numbers seeded by that number). */
    interface Request {
        /**
         * Sends it and answers the HTTP status (any 2xx counts as expected), or {@link #DONE}
         * when this client has nothing left to send; or throws {@link Failure} for an answer it
         * did not expect, with what it got.
         */
        int send(int client, Random random) throws IOException, InterruptedException, Failure;
    }

    static final int DONE = -1;

    /** A request did not get the answer it expected: the kind (such as the status) and, in full, what it got. */
    static final class Failure extends Exception {

        private static final long serialVersionUID = 1L;

        private final String kind;

        Failure(String kind, String detail) {
            super(detail, null, false, false);
            this.kind = kind;
        }

        String kind() {
            return kind;
        }
    }

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
                    while (Instant.now().isBefore(end) && send(request, client, random, 0, latencies, null)) {
                        // next request
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

    /**
     * Sends one request and records its round trip, or its failure: a failure other than an
     * interruption is counted, never thrown, so that the load goes on; and, when {@code fromDue}
     * is given, the time from {@code due} to the answer. False when the client has nothing left
     * to send.
     */
    private static boolean send(Request request, int client, Random random, long due, Latencies latencies,
            Latencies fromDue) throws InterruptedException {
        long sent = System.nanoTime();
        try {
            int status = request.send(client, random);
            long answered = System.nanoTime();
            if (status == DONE) {
                return false;
            } else if (status / 100 == 2) {
                latencies.add(answered - sent);
                if (fromDue != null) {
                    fromDue.add(answered - due);
                }
            } else {
                latencies.error(Integer.toString(status));
            }
        } catch (Failure e) {
            latencies.error(e.kind(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            latencies.error(e.getClass().getSimpleName(), e.toString());
        }
        return true;
    }

    /** What paced clients measured during one phase of their run. */
    static final class Phase {

        private final String name;
        private final Latencies latencies = new Latencies();
        private final Latencies fromDue = new Latencies();
        private final long started = System.nanoTime();
        private volatile long ended;

        private Phase(String name) {
            this.name = name;
        }

        String name() {
            return name;
        }

        /** The round trips (sent to answered) of the requests answered as expected; and the errors. */
        Latencies latencies() {
            return latencies;
        }

        /** From the moment each request was due in its client's schedule to its answer. */
        Latencies fromDue() {
            return fromDue;
        }

        /** Requests sent during the phase: answered as expected, and errors. */
        int requests() {
            return latencies.count() + latencies.errors();
        }

        /** How long the phase lasted (so far, while it runs). */
        double seconds() {
            return ((ended == 0 ? System.nanoTime() : ended) - started) / 1e9;
        }

        private void end() {
            if (ended == 0) {
                ended = System.nanoTime();
            }
        }
    }

    /**
     * Clients sending at a steady offered rate until stopped, whatever the server does: client
     * {@code c} of {@code n} sends its k-th request when it is due, at {@code start + (k + c/n) × n
     * / rate}, or at once when it is late. A client has one request out at a time, so one that
     * is held makes the next ones late. Besides the round trips, the time from when each request
     * was due to its answer is kept (so that the requests a held one kept from being sent count
     * their wait too: no coordinated omission). What they measure goes to the current
     * {@link Phase}, attributed by when it was sent.
     */
    static final class Paced implements AutoCloseable {

        private final ExecutorService pool;
        private final List<Future<?>> running = new ArrayList<>();
        private final AtomicReference<Phase> phase;
        private volatile boolean stopped;

        /** Starts {@code clients} clients sending {@code rate} requests per second in all. */
        Paced(int clients, double rate, String firstPhase, Request request) {
            phase = new AtomicReference<>(new Phase(firstPhase));
            pool = Executors.newFixedThreadPool(clients, work -> {
                Thread thread = new Thread(work, "paced-client");
                thread.setDaemon(true);
                return thread;
            });
            long interval = Math.round(clients * 1e9 / rate);
            long start = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                int client = c;
                Random random = new Random(c);
                running.add(pool.submit(() -> {
                    long due = start + client * interval / clients;
                    while (!stopped) {
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        Phase current = phase.get();
                        if (stopped || !send(request, client, random, due, current.latencies, current.fromDue)) {
                            break;
                        }
                        due += interval;
                    }
                    return null;
                }));
            }
        }

        /** Ends the current phase and measures into a new one from now on; answers the phase ended. */
        Phase next(String name) {
            Phase ended = phase.getAndSet(new Phase(name));
            ended.end();
            return ended;
        }

        /** Stops the clients once each has its answer, and answers the last phase. */
        Phase stop() throws Exception {
            stopped = true;
            try {
                for (Future<?> client : running) {
                    client.get();
                }
            } finally {
                pool.shutdown();
            }
            Phase last = phase.get();
            last.end();
            return last;
        }

        @Override
        public void close() throws Exception {
            if (!stopped) {
                stop();
            }
        }
    }
}

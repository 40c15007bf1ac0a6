package org.openward.itests.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

/** The benchmarks' report, docs/benchmarks.md: each benchmark owns a section between markers. */
final class BenchmarkReport {

    private BenchmarkReport() {
    }

    /** The machine the numbers were measured on, for the report. */
    static String machine() throws IOException {
        String cpu = "unknown CPU";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.exists(cpuinfo)) {
            cpu = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(cpu);
        }
        String memory = "";
        Path meminfo = Path.of("/proc/meminfo");
        if (Files.exists(meminfo)) {
            memory = Files.readAllLines(meminfo).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / (1024 * 1024) + " GiB RAM, ").findFirst().orElse("");
        }
        return cpu + " (" + Runtime.getRuntime().availableProcessors() + " cores), " + memory
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
                + System.getProperty("java.version") + "; clients and server on the same machine";
    }

    /** The machine's load average over the last minute (/proc/loadavg), or NaN where there is none. */
    static double loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg) ? Double.parseDouble(Files.readString(loadavg).split("\\s+")[0]) : Double.NaN;
    }

    /**
     * "Measured (date) on (machine)."; and, when the load average was above 1.5 as the benchmark
     * began ({@link #loadAverage()} before the distribution starts), that other work was running.
     */
    static String measured(double loadAtStart) throws IOException {
        String text = "Measured " + Instant.now().atOffset(ZoneOffset.UTC).toLocalDate() + " on " + machine() + ".";
        if (loadAtStart > 1.5) {
            text += String.format(Locale.ROOT, " The machine was shared: other work was running at the same time"
                    + " (load average %.1f as the run began), latencies may be higher than on an otherwise idle machine.",
                    loadAtStart);
        }
        return text;
    }

    /** Replaces this benchmark's section of the report, between its markers, or appends it. */
    static void write(Path report, String key, String section) throws IOException {
        String begin = "<!-- benchmark:" + key + " -->";
        String end = "<!-- /benchmark:" + key + " -->";
        String block = begin + "\n" + section + end;
        String text = Files.exists(report) ? Files.readString(report) : "# Benchmarks\n";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from >= 0 && to > from) {
            text = text.substring(0, from) + block + text.substring(to + end.length());
        } else {
            text = text.stripTrailing() + "\n\n" + block + "\n";
        }
        Files.writeString(report, text);
    }
}

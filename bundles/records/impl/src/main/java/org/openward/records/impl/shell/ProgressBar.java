package org.openward.records.impl.shell;

/** The import's progress line: {@code [=========>      ] 12/40 bundles, 310 resources}. */
final class ProgressBar {

    private static final int MIN_BAR = 10;
    private static final int MAX_BAR = 40;

    private ProgressBar() {
    }

    /** The line for this progress, at most {@code width} characters when the terminal allows a bar at all. */
    static String render(BundleImporter.Progress progress, int width) {
        String text = " " + progress.filesDone() + "/" + progress.files() + (progress.files() == 1 ? " bundle, " : " bundles, ")
                + progress.resources() + (progress.resources() == 1 ? " resource" : " resources")
                + (progress.failures() > 0 ? ", " + progress.failures() + (progress.failures() == 1 ? " failure" : " failures") : "");
        int bar = Math.max(MIN_BAR, Math.min(MAX_BAR, width - text.length() - 3));
        int filled = progress.files() == 0 ? bar : (int) ((long) progress.filesDone() * bar / progress.files());
        StringBuilder line = new StringBuilder(bar + text.length() + 2).append('[');
        for (int i = 0; i < bar; i++) {
            line.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        return line.append(']').append(text).toString();
    }
}

package org.openward.records.impl.shell;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.apache.felix.service.command.Process;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.Terminal;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.openward.platform.api.error.OpenWardException;
import org.openward.platform.api.fhir.FhirTransactionService;
import org.openward.platform.api.security.AccessControl;

/**
 * Imports FHIR R4 Bundles from a file or a folder, as the shell user: each transaction goes
 * through the platform's transaction service and the modules' providers, which check the user's
 * permissions and audit every record. The rule per Bundle type is {@link BundleImporter}'s.
 */
@Command(scope = "records", name = "import", description = "Imports FHIR R4 Bundles (JSON): a file, or every .json"
        + " file of a folder by name. A transaction Bundle is stored whole or not at all; a batch or collection entry"
        + " by entry. Shows progress, then what was created and each failure with its file, element and reason.")
@Service
public class ImportCommand implements Action {

    /** At most this often the progress bar is redrawn. */
    private static final long REDRAW_NANOS = 100_000_000L;

    @Argument(index = 0, name = "path", required = true,
            description = "A .json file holding a FHIR Bundle, or a folder of them (relative paths start where Karaf runs).")
    @Completion(FileCompleter.class)
    String path;

    @Option(name = "-r", aliases = "--recursive", description = "With a folder: the .json files of its subfolders too.")
    boolean recursive;

    @Reference
    AccessControl access;

    @Reference
    FhirTransactionService transactions;

    @Reference
    Session session;

    @Override
    public Object execute() {
        Path root = Path.of(path);
        List<Path> files = BundleImporter.files(root, recursive);
        PrintStream out = System.out;
        out.println("Importing " + files.size() + (files.size() == 1 ? " file" : " files") + " from "
                + root.toAbsolutePath().normalize());
        Display display = new Display(out, terminalWidth());
        BundleImporter importer = new BundleImporter(bundle -> access.callAsShellUser(() -> transactions.transaction(bundle)));
        BundleImporter.Report report = importer.run(root, files, display::show);
        display.finish();
        report.summary().forEach(out::println);
        out.flush();
        if (!report.complete()) {
            throw new OpenWardException("OW-1308", "not imported whole: " + report.incomplete() + " of "
                    + report.files() + (report.files() == 1 ? " file" : " files") + "; the failures are listed above");
        }
        return null;
    }

    /** The width of the terminal the output goes to, or 0 when it goes elsewhere (a pipe, a file, {@code bin/client "…"}). */
    private int terminalWidth() {
        Terminal terminal = session == null ? null : session.getTerminal();
        if (terminal == null) {
            return 0;
        }
        Process process = Process.Utils.current();
        if (process != null && !process.isTty(1)) {
            return 0;
        }
        return terminal.getWidth() > 0 ? terminal.getWidth() : 80;
    }

    /**
     * Shows progress: at a terminal, one line redrawn in place (at most ten times a second);
     * elsewhere a line after the first file and at each further tenth of the files, so that a log
     * is not flooded.
     */
    static final class Display {

        private final PrintStream out;
        private final int width;
        private long drawn;
        private int shown;
        private int lastTenth = -1;
        private BundleImporter.Progress last;

        /** @param width the terminal's width, or 0 when the output is no terminal */
        Display(PrintStream out, int width) {
            this.out = out;
            this.width = width;
        }

        void show(BundleImporter.Progress progress) {
            last = progress;
            if (width > 0) {
                long now = System.nanoTime();
                if (now - drawn >= REDRAW_NANOS || progress.filesDone() == progress.files()) {
                    draw(progress);
                    drawn = now;
                }
                return;
            }
            int tenth = progress.files() == 0 ? 10 : progress.filesDone() * 10 / progress.files();
            if (progress.filesDone() > 0 && tenth > lastTenth && progress.file() != null) {
                out.println(ProgressBar.render(progress, 80));
                lastTenth = tenth;
            }
        }

        private void draw(BundleImporter.Progress progress) {
            String line = ProgressBar.render(progress, width - 1);
            if (line.length() > width - 1) {
                line = line.substring(0, width - 1);
            }
            out.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
            out.flush();
            shown = line.length();
        }

        /** Ends the progress line. */
        void finish() {
            if (width > 0) {
                if (last != null) {
                    draw(last);
                }
                out.println();
            }
            out.flush();
        }
    }
}

package org.openward.records.impl.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.error.OpenWardException;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.util.FhirTerser;

/**
 * Imports files of FHIR R4 Bundles (JSON) through a transaction function, the platform's
 * {@code FhirTransactionService} in the runtime; {@link ImportCommand} is its shell front.
 *
 * <p>The rule, per file:
 * <ul>
 * <li>a {@code transaction} Bundle is one transaction: every entry is stored, or none is (exactly
 * what {@code POST /fhir} does with it);</li>
 * <li>a {@code batch} or {@code collection} Bundle is imported entry by entry, in file order, each
 * entry on its own as a one-entry transaction: an entry that fails does not stop the others. A
 * batch entry keeps its request ({@code POST Type} or {@code PUT Type/id}); a collection entry
 * has none and is created ({@code POST Type}). A reference to an entry imported before it in the
 * same file, by that entry's {@code fullUrl} or by its {@code Type/id}, becomes the id the
 * server gave it (so refer to earlier entries only);</li>
 * <li>any other file (not UTF-8 JSON, not a FHIR R4 resource, not a Bundle, another Bundle type,
 * no entries) is refused with its reason and the others go on.</li>
 * </ul>
 * Files are parsed strictly, as {@code POST /fhir} parses: an element FHIR R4 does not know is an
 * error rather than something silently dropped.
 */
public final class BundleImporter {

    /** How one file went. */
    public enum Outcome {
        /** Everything in it was stored. */
        IMPORTED,
        /** A batch or collection of which some entries were stored and some failed. */
        PARTLY_IMPORTED,
        /** Nothing of it was stored. */
        FAILED
    }

    /** Where the import stands, after each file and each entry of a batch or collection. */
    public record Progress(int filesDone, int files, int resources, int failures, String file) {
    }

    /**
     * One thing refused: the file (relative to the folder imported), the element from the Bundle
     * down ({@code Bundle.entry[3].resource.code}, or {@code Bundle} for the whole file) and the
     * reason, which starts with its code.
     */
    public record Failure(String file, String path, String reason) {

        @Override
        public String toString() {
            return file + ", " + path + ": " + reason;
        }
    }

    /** What an import did. */
    public record Report(int files, Map<Outcome, Integer> outcomes, SortedMap<String, Integer> created,
            SortedMap<String, Integer> updated, List<Failure> failures, boolean stopped) {

        public int count(Outcome outcome) {
            return outcomes.getOrDefault(outcome, 0);
        }

        /** Resources created and updated. */
        public int resources() {
            return total(created) + total(updated);
        }

        /** Whether every file was imported whole. */
        public boolean complete() {
            return count(Outcome.IMPORTED) == files;
        }

        /** Files imported only in part or not at all, or not reached. */
        public int incomplete() {
            return files - count(Outcome.IMPORTED);
        }

        /** The summary shown at the end of an import. */
        public List<String> summary() {
            List<String> lines = new ArrayList<>();
            if (stopped) {
                int reached = outcomes.values().stream().mapToInt(Integer::intValue).sum();
                lines.add("Stopped (interrupted) after " + reached + " of " + files + " files; the others were not read.");
            }
            lines.add("Bundles: " + count(Outcome.IMPORTED) + " imported"
                    + (count(Outcome.PARTLY_IMPORTED) > 0 ? ", " + count(Outcome.PARTLY_IMPORTED) + " partly imported" : "")
                    + ", " + count(Outcome.FAILED) + " failed (" + files + " file" + (files == 1 ? "" : "s") + ")");
            lines.add("Resources created: " + total(created) + describe(created));
            if (!updated.isEmpty()) {
                lines.add("Resources updated: " + total(updated) + describe(updated));
            }
            if (!failures.isEmpty()) {
                lines.add("Failures (" + failures.size() + "):");
                failures.forEach(f -> lines.add("  " + f));
            }
            return lines;
        }

        private static int total(Map<String, Integer> counts) {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }

        private static String describe(Map<String, Integer> counts) {
            StringBuilder text = new StringBuilder();
            counts.forEach((type, n) -> text.append(text.length() == 0 ? " (" : ", ").append(type).append(' ').append(n));
            return text.length() == 0 ? "" : text.append(')').toString();
        }
    }

    /** How the transaction service starts a message about one entry: {@code entry 3 (Observation): …}, {@code entry 3: …}. */
    private static final Pattern ENTRY = Pattern.compile("entry (\\d+)(?=[ :])");

    private final UnaryOperator<Bundle> transaction;
    private final FhirContext fhir = FhirContext.forR4Cached();
    private final FhirTerser terser = fhir.newTerser();

    /**
     * @param transaction runs one transaction Bundle all-or-nothing and answers its
     *        transaction-response (the platform's {@code FhirTransactionService}, as the importing user)
     */
    public BundleImporter(UnaryOperator<Bundle> transaction) {
        this.transaction = transaction;
    }

    /**
     * The files to import: the file itself, or the {@code .json} files of a folder sorted by name
     * (with {@code recursive}, those of its subfolders too, sorted by path).
     *
     * @throws InvalidInputException (OW-1301) when there is no such file or folder, (OW-1302) when
     *         the folder holds no {@code .json} file
     */
    public static List<Path> files(Path path, boolean recursive) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new InvalidInputException("OW-1301", "path", "no such file or folder: " + path.toAbsolutePath());
        }
        List<Path> files;
        try (Stream<Path> found = recursive ? Files.walk(path) : Files.list(path)) {
            files = found.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidInputException("OW-1301", "path", "cannot read the folder " + path.toAbsolutePath() + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new InvalidInputException("OW-1302", "path", path.toAbsolutePath() + " holds no .json file"
                    + (recursive ? "" : " (-r looks in its subfolders too)"));
        }
        return files;
    }

    /**
     * Imports the files one after the other; stops after the file being imported when the thread
     * is interrupted (Ctrl-C in the shell).
     *
     * @param root the file or folder given, to name the files by in the report
     * @param progress told after each file and each entry of a batch or collection
     */
    public Report run(Path root, List<Path> files, Consumer<Progress> progress) {
        Run run = new Run(files.size(), progress);
        progress.accept(run.progress(null));
        boolean stopped = false;
        for (Path file : files) {
            if (Thread.currentThread().isInterrupted()) {
                stopped = true;
                break;
            }
            String name = Files.isDirectory(root) ? root.relativize(file).toString() : file.getFileName().toString();
            run.outcomes.merge(importFile(file, name, run), 1, Integer::sum);
            run.done++;
            progress.accept(run.progress(name));
        }
        return new Report(files.size(), Collections.unmodifiableMap(run.outcomes), Collections.unmodifiableSortedMap(run.created),
                Collections.unmodifiableSortedMap(run.updated), List.copyOf(run.failures), stopped);
    }

    /** What has happened so far. */
    private static final class Run {
        final int files;
        final Consumer<Progress> listener;
        final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        final SortedMap<String, Integer> created = new TreeMap<>();
        final SortedMap<String, Integer> updated = new TreeMap<>();
        final List<Failure> failures = new ArrayList<>();
        int done;
        int resources;

        Run(int files, Consumer<Progress> listener) {
            this.files = files;
            this.listener = listener;
        }

        Progress progress(String file) {
            return new Progress(done, files, resources, failures.size(), file);
        }
    }

    private Outcome importFile(Path file, String name, Run run) {
        Bundle bundle;
        try {
            bundle = parse(file);
        } catch (InvalidInputException e) {
            run.failures.add(new Failure(name, e.field() == null ? "(file)" : "Bundle." + e.field(), e.getMessage()));
            return Outcome.FAILED;
        }
        return switch (bundle.getType()) {
            case TRANSACTION -> importTransaction(bundle, name, run);
            case BATCH, COLLECTION -> importEntries(bundle, name, run);
            default -> throw new IllegalStateException(); // parse refuses the other types
        };
    }

    private Bundle parse(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("OW-1304", null, "not FHIR R4 JSON: the file is not UTF-8 text");
        } catch (IOException e) {
            throw new InvalidInputException("OW-1303", null, "cannot read the file: " + e);
        }
        if (json.isBlank()) {
            throw new InvalidInputException("OW-1304", null, "not FHIR R4 JSON: the file is empty");
        }
        IParser parser = fhir.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
        Resource resource;
        try {
            resource = (Resource) parser.parseResource(json);
        } catch (DataFormatException | ClassCastException e) {
            throw new InvalidInputException("OW-1304", null, "not FHIR R4 JSON: " + e.getMessage());
        }
        if (!(resource instanceof Bundle bundle)) {
            throw new InvalidInputException("OW-1305", "resourceType", "the file holds a " + resource.fhirType()
                    + ", not a Bundle");
        }
        if (bundle.getType() != Bundle.BundleType.TRANSACTION && bundle.getType() != Bundle.BundleType.BATCH
                && bundle.getType() != Bundle.BundleType.COLLECTION) {
            throw new InvalidInputException("OW-1306", "type", "a Bundle of type '"
                    + (bundle.hasType() ? bundle.getType().toCode() : "") + "' is not imported; transaction, batch and"
                    + " collection are");
        }
        if (bundle.getEntry().isEmpty()) {
            throw new InvalidInputException("OW-1307", "entry", "the Bundle has no entries");
        }
        return bundle;
    }

    private Outcome importTransaction(Bundle bundle, String name, Run run) {
        try {
            count(transaction.apply(bundle), run);
            return Outcome.IMPORTED;
        } catch (RuntimeException e) {
            run.failures.add(new Failure(name, path(e, -1), reason(e, -1)));
            return Outcome.FAILED;
        }
    }

    private Outcome importEntries(Bundle bundle, String name, Run run) {
        Map<String, String> imported = new HashMap<>();
        int stored = 0;
        List<BundleEntryComponent> entries = bundle.getEntry();
        for (int i = 0; i < entries.size(); i++) {
            BundleEntryComponent entry = entries.get(i);
            Resource resource = entry.getResource();
            Bundle one = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            BundleEntryComponent only = one.addEntry().setFullUrl(entry.getFullUrl()).setResource(resource);
            if (bundle.getType() == Bundle.BundleType.BATCH && entry.getRequest().hasMethod()) {
                only.setRequest(entry.getRequest().copy());
            } else {
                only.getRequest().setMethod(HTTPVerb.POST).setUrl(resource == null ? "" : resource.fhirType());
            }
            // the original type and id, before the references are rewritten and the server gives its id
            String key = resource == null || !resource.getIdElement().hasIdPart() ? null
                    : resource.fhirType() + "/" + resource.getIdElement().getIdPart();
            if (resource != null) {
                for (Reference reference : terser.getAllPopulatedChildElementsOfType(resource, Reference.class)) {
                    String target = imported.get(reference.getReference());
                    if (target != null) {
                        reference.setReference(target);
                    }
                }
            }
            try {
                Bundle response = transaction.apply(one);
                count(response, run);
                stored++;
                String location = response.getEntryFirstRep().getResponse().getLocation();
                String given = location == null ? null : typeAndId(location);
                if (given != null) {
                    if (entry.hasFullUrl()) {
                        imported.put(entry.getFullUrl(), given);
                    }
                    if (key != null) {
                        imported.putIfAbsent(key, given);
                    }
                }
            } catch (RuntimeException e) {
                run.failures.add(new Failure(name, path(e, i), reason(e, i)));
            }
            run.listener.accept(run.progress(name));
        }
        return stored == entries.size() ? Outcome.IMPORTED : stored == 0 ? Outcome.FAILED : Outcome.PARTLY_IMPORTED;
    }

    /** {@code Type/id} of a {@code Type/id/_history/version} location. */
    private static String typeAndId(String location) {
        String[] parts = location.split("/");
        return parts.length >= 2 ? parts[0] + "/" + parts[1] : null;
    }

    private static void count(Bundle response, Run run) {
        for (BundleEntryComponent entry : response.getEntry()) {
            String location = entry.getResponse().getLocation();
            String type = location == null || location.indexOf('/') < 0 ? "?" : location.substring(0, location.indexOf('/'));
            String status = entry.getResponse().getStatus();
            (status != null && status.startsWith("201") ? run.created : run.updated).merge(type, 1, Integer::sum);
            run.resources++;
        }
    }

    /**
     * The element a failure names, from the Bundle down. {@code entry} is the entry imported on
     * its own (as entry 0 of a one-entry transaction), or -1 for a whole transaction.
     */
    static String path(RuntimeException failure, int entry) {
        if (failure instanceof InvalidInputException e && e.field() != null) {
            String field = e.field();
            if (entry < 0) {
                return "Bundle." + field;
            }
            return field.startsWith("entry[0]") ? "Bundle.entry[" + entry + "]" + field.substring("entry[0]".length())
                    : "Bundle.entry[" + entry + "]";
        }
        if (entry >= 0) {
            return "Bundle.entry[" + entry + "]";
        }
        if (failure instanceof OpenWardException e) {
            Matcher named = ENTRY.matcher(e.detail());
            if (named.lookingAt()) {
                return "Bundle.entry[" + named.group(1) + "]";
            }
        }
        return "Bundle";
    }

    /** Why it failed, starting with the code; an entry imported on its own is named by its place in the file. */
    static String reason(RuntimeException failure, int entry) {
        if (failure instanceof OpenWardException e) {
            String detail = e.detail();
            Matcher named = ENTRY.matcher(detail);
            if (entry >= 0 && named.lookingAt() && named.group(1).equals("0")) {
                detail = "entry " + entry + detail.substring(named.end());
            }
            return e.code() + ": " + detail;
        }
        if (failure instanceof UnsupportedOperationException) {
            return "OW-0405: " + (failure.getMessage() == null ? "this interaction is not supported here" : failure.getMessage());
        }
        String message = failure.getMessage();
        if (message != null && message.matches("OW-\\d{4}: .*")) {
            return message; // the platform's own, such as OW-0520 (a module being updated)
        }
        return "internal error, nothing of it was stored: " + failure;
    }
}

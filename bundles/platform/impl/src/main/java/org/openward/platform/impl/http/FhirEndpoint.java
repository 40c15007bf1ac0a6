package org.openward.platform.impl.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.regex.Pattern;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.error.NotFoundException;
import org.openward.platform.api.fhir.FhirInteraction;
import org.openward.platform.api.fhir.FhirResourceProvider;
import org.openward.platform.api.fhir.FhirSearch;
import org.openward.platform.api.fhir.FhirSearchParameter;
import org.openward.platform.api.fhir.FhirSearchResult;
import org.openward.platform.impl.fhir.FhirProviders;
import org.openward.platform.impl.fhir.FhirTransactions;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;

/**
 * The FHIR R4 RESTful API: parses and checks each request, hands it to the provider of the
 * resource type, and writes the answer. Providers come and go with their modules; a type
 * nobody serves answers 404 at once.
 */
@Path("/")
public class FhirEndpoint {

    static final int DEFAULT_COUNT = 20;
    static final int MAX_COUNT = 100;
    /** Operations such as $everything page further. */
    static final int MAX_OPERATION_COUNT = 1000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Pattern OPERATION = Pattern.compile("\\$[a-z][a-z-]{0,63}");
    private static final Set<String> CONTROL = Set.of("_count", "_offset", "_sort", "_format", "_pretty");
    private static final Set<String> JSON_FORMATS = Set.of("json", "application/json", "application/fhir+json");

    private final FhirProviders providers;
    private final FhirContext fhir;
    private final FhirResponses responses;
    private final CapabilityStatements capabilities;
    private final FhirTransactions transactions;

    FhirEndpoint(FhirProviders providers, FhirContext fhir, String softwareVersion, FhirTransactions transactions) {
        this.providers = providers;
        this.fhir = fhir;
        this.responses = new FhirResponses(fhir);
        this.capabilities = new CapabilityStatements(softwareVersion);
        this.transactions = transactions;
    }

    @GET
    @Path("metadata")
    public Response metadata(@Context UriInfo uri, @Context HttpHeaders headers) {
        checkFormat(uri, headers);
        return responses.ok(200, capabilities.build(uri.getBaseUri().toString(), providers.all()), pretty(uri))
                .build();
    }

    @GET
    @Path("{type}/{id}")
    public Response read(@PathParam("type") String type, @PathParam("id") String id,
            @Context UriInfo uri, @Context HttpHeaders headers) {
        checkFormat(uri, headers);
        if (id.startsWith("$")) {
            return typeOperation(type, id, null, uri);
        }
        FhirResourceProvider provider = provider(type, FhirInteraction.READ);
        checkId(id);
        return stored(200, provider.read(id), uri).build();
    }

    /** {@code POST /fhir/Type/$name}: an operation on the type, with a body. */
    @POST
    @Path("{type}/{operation}")
    public Response typeOperation(@PathParam("type") String type, @PathParam("operation") String operation,
            @HeaderParam("Content-Type") String contentType, String body, @Context UriInfo uri,
            @Context HttpHeaders headers) {
        checkFormat(uri, headers);
        if (!operation.startsWith("$")) {
            throw new UnsupportedOperationException("POST " + type + "/" + operation);
        }
        return typeOperation(type, operation, parse(null, contentType, body), uri);
    }

    private Response typeOperation(String type, String operation, Resource input, UriInfo uri) {
        FhirResourceProvider provider = provider(type, FhirInteraction.READ);
        String name = operationName(type, operation, provider.typeOperations());
        Resource answer = provider.typeOperation(name, operationParameters(uri), input);
        return responses.ok(200, answer, pretty(uri)).build();
    }

    /** {@code POST /fhir/Type/id/$name}: an operation on one resource, with a body. */
    @POST
    @Path("{type}/{id}/{operation}")
    public Response instanceOperation(@PathParam("type") String type, @PathParam("id") String id,
            @PathParam("operation") String operation, @HeaderParam("Content-Type") String contentType,
            String body, @Context UriInfo uri, @Context HttpHeaders headers) {
        checkFormat(uri, headers);
        FhirResourceProvider provider = provider(type, FhirInteraction.READ);
        checkId(id);
        String name = operationName(type, operation, provider.instanceOperations());
        Resource input = parse(null, contentType, body);
        return responses.ok(200, provider.instanceOperation(id, name, operationParameters(uri), input), pretty(uri))
                .build();
    }

    /** The operation's name without its {@code $}; 404 when the provider does not run it. */
    private static String operationName(String type, String operation, Set<String> offered) {
        String name = operation.substring(1);
        if (!OPERATION.matcher(operation).matches() || !offered.contains(name)) {
            throw new NotFoundException("OW-0011", "'" + operation + "' is not an operation on " + type
                    + (offered.isEmpty() ? "" : "; there are: $" + String.join(", $", new TreeSet<>(offered))));
        }
        return name;
    }

    /** An operation's query string as a search, unchecked (the provider checks its parameters). */
    private static FhirSearch operationParameters(UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters(true);
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        query.forEach((key, values) -> {
            if (!CONTROL.contains(key)) {
                parameters.put(key, values);
            }
        });
        int count = intParameter(query, "_count", MAX_COUNT, MAX_OPERATION_COUNT);
        int offset = intParameter(query, "_offset", 0, Integer.MAX_VALUE);
        return new FhirSearch(parameters, offset, count, sortKeys(query));
    }

    @GET
    @Path("{type}/{id}/_history/{version}")
    public Response readVersion(@PathParam("type") String type, @PathParam("id") String id,
            @PathParam("version") String version, @Context UriInfo uri, @Context HttpHeaders headers) {
        checkFormat(uri, headers);
        FhirResourceProvider provider = provider(type, FhirInteraction.VREAD);
        checkId(id);
        checkId(version);
        return stored(200, provider.readVersion(id, version), uri).build();
    }

    @GET
    @Path("{type}/{id}/_history")
    public Response history(@PathParam("type") String type, @PathParam("id") String id,
            @Context UriInfo uri, @Context HttpHeaders headers) {
        checkFormat(uri, headers);
        FhirResourceProvider provider = provider(type, FhirInteraction.HISTORY_INSTANCE);
        checkId(id);
        List<Resource> versions = provider.history(id);
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.HISTORY);
        bundle.setTotal(versions.size());
        String base = uri.getBaseUri().toString();
        for (Resource version : versions) {
            boolean first = "1".equals(version.getMeta().getVersionId());
            Bundle.BundleEntryComponent entry = bundle.addEntry()
                    .setFullUrl(base + type + "/" + id)
                    .setResource(version);
            entry.getRequest().setMethod(first ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT)
                    .setUrl(first ? type : type + "/" + id);
            entry.getResponse().setStatus(first ? "201 Created" : "200 OK")
                    .setLastModified(version.getMeta().getLastUpdated());
        }
        return responses.ok(200, bundle, pretty(uri)).build();
    }

    @GET
    @Path("{type}/{id}/{operation}")
    public Response operation(@PathParam("type") String type, @PathParam("id") String id,
            @PathParam("operation") String operation, @Context UriInfo uri, @Context HttpHeaders headers) {
        checkFormat(uri, headers);
        FhirResourceProvider provider = provider(type, FhirInteraction.READ);
        checkId(id);
        String name = operationName(type, operation, provider.instanceOperations());
        FhirSearch search = operationParameters(uri);
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        search.names().forEach(key -> parameters.put(key, search.values(key)));
        int count = search.count();
        int offset = search.offset();
        Resource answer = provider.instanceOperation(id, name, search);
        if (answer instanceof Bundle bundle && bundle.getType() == Bundle.BundleType.SEARCHSET) {
            String base = uri.getBaseUri().toString();
            String self = base + type + "/" + id + "/" + operation;
            bundle.addLink().setRelation("self").setUrl(page(self, parameters, offset, count));
            if (count > 0 && offset + count < bundle.getTotal()) {
                bundle.addLink().setRelation("next").setUrl(page(self, parameters, offset + count, count));
            }
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                if (!entry.hasFullUrl() && entry.hasResource()) {
                    entry.setFullUrl(base + entry.getResource().fhirType() + "/" + entry.getResource().getIdElement().getIdPart());
                }
            }
        }
        return responses.ok(200, answer, pretty(uri)).build();
    }

    @DELETE
    @Path("{type}/{id}")
    public Response delete(@PathParam("type") String type, @PathParam("id") String id) {
        provider(type, FhirInteraction.READ);
        throw HttpFailure.neverDeleted();
    }

    /** A transaction Bundle: every entry is created or updated, or (on any failure) none. */
    @POST
    public Response transaction(@HeaderParam("Content-Type") String contentType, String body,
            @Context UriInfo uri, @Context HttpHeaders headers) {
        checkFormat(uri, headers);
        Bundle bundle = (Bundle) parse("Bundle", contentType, body);
        return responses.ok(200, transactions.process(bundle, uri.getBaseUri().toString()), pretty(uri)).build();
    }

    @POST
    @Path("{type}")
    public Response create(@PathParam("type") String type, @HeaderParam("Content-Type") String contentType,
            String body, @Context UriInfo uri, @Context HttpHeaders headers) {
        checkFormat(uri, headers);
        FhirResourceProvider provider = provider(type, FhirInteraction.CREATE);
        Resource resource = parse(type, contentType, body);
        Resource created = provider.create(resource);
        URI location = uri.getBaseUriBuilder().path(type).path(created.getIdElement().getIdPart())
                .path("_history").path(created.getMeta().getVersionId()).build();
        return stored(201, created, uri).location(location).build();
    }

    @PUT
    @Path("{type}/{id}")
    public Response update(@PathParam("type") String type, @PathParam("id") String id,
            @HeaderParam("Content-Type") String contentType, String body, @Context UriInfo uri,
            @Context HttpHeaders headers) {
        checkFormat(uri, headers);
        FhirResourceProvider provider = provider(type, FhirInteraction.UPDATE);
        checkId(id);
        Resource resource = parse(type, contentType, body);
        if (!id.equals(resource.getIdElement().getIdPart())) {
            throw new InvalidInputException("OW-0022", "id",
                    "the resource's id must be present and equal to the id in the URL (" + id + ")");
        }
        return stored(200, provider.update(id, resource), uri).build();
    }

    @GET
    @Path("{type}")
    public Response search(@PathParam("type") String type, @Context UriInfo uri, @Context HttpHeaders headers) {
        checkFormat(uri, headers);
        FhirResourceProvider provider = provider(type, FhirInteraction.SEARCH_TYPE);
        MultivaluedMap<String, String> query = uri.getQueryParameters(true);
        int count = intParameter(query, "_count", DEFAULT_COUNT, MAX_COUNT);
        int offset = intParameter(query, "_offset", 0, Integer.MAX_VALUE);
        Set<String> declared = new TreeSet<>();
        for (FhirSearchParameter parameter : provider.searchParameters()) {
            declared.add(parameter.name());
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> entry : query.entrySet()) {
            String name = entry.getKey();
            if (CONTROL.contains(name)) {
                continue;
            }
            String base = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
            if (!declared.contains(base)) {
                throw new InvalidInputException("OW-0023", null, "unknown search parameter '" + name
                        + "' for " + type + "; supported: " + String.join(", ", declared) + ", _count, _offset");
            }
            for (String value : entry.getValue()) {
                if (value == null || value.isBlank()) {
                    throw new InvalidInputException("OW-0024", null, "search parameter '" + name + "' has no value");
                }
            }
            parameters.put(name, entry.getValue());
        }
        List<String> sort = sortKeys(query);
        FhirSearchResult result = provider.search(new FhirSearch(parameters, offset, count, sort));
        Map<String, List<String>> linked = new LinkedHashMap<>(parameters);
        if (!sort.isEmpty()) {
            linked.put("_sort", List.of(String.join(",", sort)));
        }
        return responses.ok(200, searchset(type, uri, linked, result, offset, count), pretty(uri)).build();
    }

    private Bundle searchset(String type, UriInfo uri, Map<String, List<String>> parameters, FhirSearchResult result,
            int offset, int count) {
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.SEARCHSET);
        bundle.setTotal(result.total());
        String base = uri.getBaseUri().toString();
        bundle.addLink().setRelation("self").setUrl(page(base + type, parameters, offset, count));
        if (count > 0 && offset + count < result.total()) {
            bundle.addLink().setRelation("next").setUrl(page(base + type, parameters, offset + count, count));
        }
        if (offset > 0) {
            bundle.addLink().setRelation("previous").setUrl(page(base + type, parameters, Math.max(0, offset - count), count));
        }
        for (Resource resource : result.resources()) {
            bundle.addEntry()
                    .setFullUrl(base + type + "/" + resource.getIdElement().getIdPart())
                    .setResource(resource)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }

    /** A link to a page of this search, every value encoded (clients may send a raw '|'). */
    private static String page(String url, Map<String, List<String>> parameters, int offset, int count) {
        StringJoiner query = new StringJoiner("&", url + "?", "");
        parameters.forEach((name, values) -> values.forEach(value ->
                query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
        return query.add("_offset=" + offset).add("_count=" + count).toString();
    }

    private static List<String> sortKeys(MultivaluedMap<String, String> query) {
        List<String> keys = new ArrayList<>();
        for (String value : query.getOrDefault("_sort", List.of())) {
            for (String key : value.split(",")) {
                if (!key.isBlank()) {
                    keys.add(key.strip());
                }
            }
        }
        return keys;
    }

    private Response.ResponseBuilder stored(int status, Resource resource, UriInfo uri) {
        Response.ResponseBuilder builder = responses.ok(status, resource, pretty(uri));
        String version = resource.getMeta().getVersionId();
        if (version != null) {
            builder.header("ETag", "W/\"" + version + "\"");
        }
        if (resource.getMeta().getLastUpdated() != null) {
            builder.lastModified(resource.getMeta().getLastUpdated());
        }
        return builder;
    }

    private FhirResourceProvider provider(String type, FhirInteraction interaction) {
        return providers.provider(type, interaction);
    }

    private static void checkId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new InvalidInputException("OW-0025", "id", "'" + id + "' is not a valid FHIR id");
        }
    }

    /** Parses a body; {@code type} null accepts any resource (operations take Parameters or a resource). */
    private Resource parse(String type, String contentType, String body) {
        if (contentType == null || !isJson(contentType)) {
            throw HttpFailure.unsupportedMediaType(FhirResponses.FHIR_JSON);
        }
        if (body == null || body.isBlank()) {
            throw new InvalidInputException("OW-0020", null, "the request has no body; send a " + (type == null ? "Parameters" : type) + " resource");
        }
        IParser parser = fhir.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
        Resource resource;
        try {
            resource = (Resource) parser.parseResource(body);
        } catch (DataFormatException | ClassCastException e) {
            throw new InvalidInputException("OW-0020", null, "the body is not a valid FHIR R4 JSON resource: "
                    + e.getMessage());
        }
        if (type != null && !type.equals(resource.fhirType())) {
            throw new InvalidInputException("OW-0021", "resourceType",
                    "the body is a " + resource.fhirType() + " but the URL names " + type);
        }
        return resource;
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/fhir+json") || mediaType.equals("application/json");
    }

    private static void checkFormat(UriInfo uri, HttpHeaders headers) {
        String format = uri.getQueryParameters().getFirst("_format");
        if (format != null && !JSON_FORMATS.contains(format)) {
            throw HttpFailure.notAcceptable(FhirResponses.FHIR_JSON);
        }
        List<String> accept = headers.getRequestHeader(HttpHeaders.ACCEPT);
        if (format == null && accept != null && !accept.isEmpty()) {
            boolean json = accept.stream().anyMatch(a -> a.contains("json") || a.contains("*/*") || a.contains("application/*"));
            if (!json) {
                throw HttpFailure.notAcceptable(FhirResponses.FHIR_JSON);
            }
        }
    }

    private static boolean pretty(UriInfo uri) {
        return "true".equals(uri.getQueryParameters().getFirst("_pretty"));
    }

    private static int intParameter(MultivaluedMap<String, String> query, String name, int fallback, int max) {
        String value = query.getFirst(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 0 && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidInputException("OW-0026", null, name + " must be a whole number from 0 to " + max + ", was '" + value + "'");
    }
}

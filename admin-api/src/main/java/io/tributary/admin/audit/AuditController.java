package io.tributary.admin.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.tributary.admin.error.ApiProblemException;
import io.tributary.admin.resource.CollectionMetadata;
import io.tributary.admin.resource.Links;
import io.tributary.admin.resource.ResourceCollection;
import io.tributary.admin.resource.ResourceMetadata;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v3/clusters/{cluster_id}/audit}: the changes made through this API, newest first, filtered by resource,
 * principal, action and time, a page at a time; and one event by its id.
 */
@RestController
@RequestMapping("/v3/clusters/{cluster_id}/audit")
class AuditController {

    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;

    private final AuditSearch search;
    private final Links links;
    private final JsonMapper json;

    AuditController(AuditSearch search, Links links, JsonMapper json) {
        this.search = search;
        this.links = links;
        this.json = json;
    }

    @GetMapping
    ResourceCollection<AuditEventResource> list(@PathVariable("cluster_id") String clusterId,
            @RequestParam(name = "resource", required = false) String resource,
            @RequestParam(name = "principal", required = false) String principal,
            @RequestParam(name = "action", required = false) String action,
            @RequestParam(name = "since", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
            Instant since,
            @RequestParam(name = "until", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
            Instant until,
            @RequestParam(name = "page_size", defaultValue = "" + DEFAULT_PAGE_SIZE) int pageSize,
            @RequestParam(name = "page_token", required = false) String pageToken) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "invalid-page-size",
                    "page_size must be between 1 and " + MAX_PAGE_SIZE + ", not " + pageSize,
                    Map.of("field", "page_size"));
        }
        Long beforeId = pageToken == null ? null : AuditPageToken.beforeId(pageToken);
        // one more than a page tells whether another page follows without counting the table
        List<AuditEvent> found = search.find(new AuditFilter(blankToNull(resource), blankToNull(principal),
                blankToNull(action), since, until, beforeId), pageSize + 1);
        List<AuditEvent> page = found.subList(0, Math.min(pageSize, found.size()));
        String next = found.size() > pageSize
                ? ServletUriComponentsBuilder.fromCurrentRequest()
                        .replaceQueryParam("page_token", AuditPageToken.after(page.get(page.size() - 1).id()))
                        .build().toUriString()
                : null;
        return new ResourceCollection<>("AuditEventList", new CollectionMetadata(links.current(), next),
                page.stream().map(event -> resource(clusterId, event)).toList());
    }

    @GetMapping("/{event_id}")
    AuditEventResource get(@PathVariable("cluster_id") String clusterId, @PathVariable("event_id") long eventId) {
        return search.find(eventId).map(event -> resource(clusterId, event))
                .orElseThrow(() -> new ApiProblemException(HttpStatus.NOT_FOUND, "audit-event-not-found",
                        "No audit event has the id " + eventId));
    }

    private AuditEventResource resource(String clusterId, AuditEvent event) {
        return new AuditEventResource("AuditEvent",
                new ResourceMetadata(links.cluster(clusterId, "/audit/{id}", event.id()),
                        Links.resourceName(clusterId, "audit", String.valueOf(event.id()))),
                event.id(), event.occurredAt(), event.principal(), event.action(), event.resource(),
                state(event.beforeState()), state(event.afterState()));
    }

    private JsonNode state(String text) {
        return text == null ? null : json.readTree(text);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

package org.openward.platform.impl.events;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** An event's data as stored: a JSON object of strings, at most 4000 characters. */
final class EventData {

    static final int LIMIT = 4000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {
    };

    private EventData() {
    }

    static String write(Map<String, String> data) {
        Map<String, String> values = data == null ? Map.of() : data;
        values.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException("an event's data has no null keys or values: " + key);
            }
        });
        try {
            String json = JSON.writeValueAsString(values);
            if (json.length() > LIMIT) {
                throw new IllegalArgumentException("an event's data is at most " + LIMIT + " characters, not " + json.length());
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an event's data must be strings", e);
        }
    }

    static Map<String, String> read(String json) {
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event's stored data is not a JSON object of strings", e);
        }
    }
}

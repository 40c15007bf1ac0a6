package org.openward.audit.impl.integrity;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * An audit record as its seal and its chain entry see it: the id and every field, in one
 * unambiguous byte form (each text length-prefixed, an absent text marked), so that no two
 * different records share it.
 */
public record SealedContent(long eventId, long recordedAtMillis, String action, String outcome, String actor,
        String channel, String sourceAddress, String requestId, String patientId, String resourceType,
        String resourceId, String detail) {

    byte[] bytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeLong(eventId);
            out.writeLong(recordedAtMillis);
            for (String field : new String[] {action, outcome, actor, channel, sourceAddress, requestId, patientId,
                resourceType, resourceId, detail}) {
                if (field == null) {
                    out.writeInt(-1);
                } else {
                    byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(utf8.length);
                    out.write(utf8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }
}

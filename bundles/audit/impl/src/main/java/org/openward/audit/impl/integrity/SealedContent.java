package org.openward.audit.impl.integrity;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * An audit record as its seal and its chain entry see it: the id and every field, in one
 * unambiguous byte form (each text length-prefixed, an absent text marked), so that no two
 * different records share it. The plugin, the field added last, is written only when present.
 */
public record SealedContent(long eventId, long recordedAtMillis, String action, String outcome, String actor,
        String channel, String sourceAddress, String requestId, String patientId, String resourceType,
        String resourceId, String detail, String plugin) {

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
            if (plugin != null) {
                // added with the plugin column: absent for records before it, so their seals still hold
                byte[] utf8 = plugin.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }
}

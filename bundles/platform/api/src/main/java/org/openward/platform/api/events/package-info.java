/**
 * Durable domain events between modules: a module publishes an event in the transaction that
 * makes the change ({@link org.openward.platform.api.events.EventPublisher}, a transactional
 * outbox in the platform's database), and every consuming module's
 * {@link org.openward.platform.api.events.EventConsumer} receives it once, in order, in a
 * transaction of its own together with the advance of its cursor. A consumer that is stopped,
 * failing or being updated catches up when it is back: nothing is lost, and nothing takes effect
 * twice.
 */
@Export
@Version("1.0.0")
package org.openward.platform.api.events;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

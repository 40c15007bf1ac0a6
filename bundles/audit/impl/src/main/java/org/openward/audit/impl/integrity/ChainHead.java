package org.openward.audit.impl.integrity;

/** The newest entry of the chain: its position and hash. */
public record ChainHead(long seq, String entryHash) {

    /** Before the first entry. */
    static final ChainHead EMPTY = new ChainHead(0, Chain.GENESIS);
}

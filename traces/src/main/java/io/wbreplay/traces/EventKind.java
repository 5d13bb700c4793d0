package io.wbreplay.traces;

/**
 * Where in the block layer a sector-level record was seen, after blktrace's action codes
 * (include/uapi/linux/blktrace_api.h). File-level formats record the operation itself: {@link #FILE_OP}.
 */
public enum EventKind {
    QUEUE('Q'), BACKMERGE('M'), FRONTMERGE('F'), GETRQ('G'), SLEEPRQ('S'), REQUEUE('R'),
    ISSUE('D'), COMPLETE('C'), PLUG('P'), UNPLUG('U'), UNPLUG_TIMER('T'), INSERT('I'), SPLIT('X'),
    BOUNCE('B'), REMAP('A'), ABORT('K'), DRV_DATA('d'), MESSAGE('m'),
    /** A file-level record: the operation itself, no block-layer stage. */
    FILE_OP('-');

    private final char letter;

    EventKind(char letter) {
        this.letter = letter;
    }

    /** The action letter blkparse prints for this kind ('-' for file-level records). */
    public char letter() {
        return letter;
    }
}

package io.wbreplay.replay.mm;

/**
 * include/linux/list.h over inodes: an intrusive doubly-linked list (each inode is on at most one),
 * used for the flusher's b_dirty, b_io and b_more_io. The kernel adds new entries at the head and
 * takes work from the tail; so does this list.
 */
public final class InodeList {
    private final String name;
    private Inode head;
    private Inode tail;
    private int size;

    public InodeList(String name) {
        this.name = name;
    }

    public boolean isEmpty() {
        return head == null;
    }

    public int size() {
        return size;
    }

    /** Newest entry. */
    public Inode head() {
        return head;
    }

    /** Oldest entry. */
    public Inode tail() {
        return tail;
    }

    /** The entry added before {@code i} (towards the tail). */
    public Inode older(Inode i) {
        return i.next;
    }

    /** list_move(): takes {@code i} off whatever list holds it and adds it at this list's head. */
    public void moveToHead(Inode i) {
        if (i.list != null) {
            i.list.remove(i);
        }
        i.list = this;
        i.prev = null;
        i.next = head;
        if (head != null) {
            head.prev = i;
        } else {
            tail = i;
        }
        head = i;
        size++;
    }

    /** list_move_tail(). */
    public void moveToTail(Inode i) {
        if (i.list != null) {
            i.list.remove(i);
        }
        i.list = this;
        i.next = null;
        i.prev = tail;
        if (tail != null) {
            tail.next = i;
        } else {
            head = i;
        }
        tail = i;
        size++;
    }

    /** list_del_init(). */
    public void remove(Inode i) {
        if (i.list != this) {
            return;
        }
        if (i.prev != null) {
            i.prev.next = i.next;
        } else {
            head = i.next;
        }
        if (i.next != null) {
            i.next.prev = i.prev;
        } else {
            tail = i.prev;
        }
        i.prev = null;
        i.next = null;
        i.list = null;
        size--;
    }

    @Override
    public String toString() {
        return name + "(" + size + ")";
    }
}

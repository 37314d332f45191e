package dev.rotator.worker.cli;

import java.io.PrintWriter;

/** The line under a paged listing: where this page is, and how to get the next. */
final class Paging {
    private Paging() {
    }

    static void footer(PrintWriter out, Integer pageNumber, Integer pageSize, Integer totalCount, String noun) {
        int number = pageNumber == null ? 1 : pageNumber;
        int size = pageSize == null || pageSize < 1 ? 10 : pageSize;
        int total = totalCount == null ? 0 : totalCount;
        int pages = Math.max(1, (total + size - 1) / size);
        out.println("Page " + number + " of " + pages + ", " + total + " " + noun + (total == 1 ? "" : "s")
                + (number < pages ? "; next: --page " + (number + 1) : ""));
    }
}

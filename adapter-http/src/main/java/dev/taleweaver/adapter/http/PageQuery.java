package dev.taleweaver.adapter.http;

import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.PageRequest;

/**
 * The query of a page read, as {@link EntityRoutes#readPage} read it: the list it names, the page asked of it, the
 * list's name the cursors are bound to ({@link PageCursor}), and the parameters the next page's link keeps.
 */
record PageQuery(Listing listing, PageRequest request, String list, QueryParameters parameters) {
}

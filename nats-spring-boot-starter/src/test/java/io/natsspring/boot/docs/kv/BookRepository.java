package io.natsspring.boot.docs.kv;

import java.util.concurrent.atomic.AtomicInteger;

/** The slow store behind {@link BookCatalog}, counting its loads. */
public class BookRepository {

    final AtomicInteger loads = new AtomicInteger();

    public BookCatalog.Book load(String isbn) {
        loads.incrementAndGet();
        return new BookCatalog.Book(isbn, "Title of " + isbn);
    }

    public BookCatalog.Book save(BookCatalog.Book book) {
        return book;
    }
}

package io.natsspring.boot.docs.kv;

// tag::snippet[]
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

@Service
public class BookCatalog {

    public record Book(String isbn, String title) {}

    private final BookRepository repository;

    public BookCatalog(BookRepository repository) {
        this.repository = repository;
    }

    @Cacheable("books") // bucket "cache-books"; a hit in any instance once one of them loaded it
    public Book find(String isbn) {
        return repository.load(isbn);
    }

    @CachePut(cacheNames = "books", key = "#book.isbn()")
    public Book save(Book book) {
        return repository.save(book);
    }

    @CacheEvict("books") // evicted for every instance
    public void forget(String isbn) {}
}
// end::snippet[]

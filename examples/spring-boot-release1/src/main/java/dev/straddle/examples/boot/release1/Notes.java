package dev.straddle.examples.boot.release1;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Release 1's data access: the text of a note is its {@code body}. */
@Repository
public class Notes {

  private final JdbcTemplate jdbc;

  public Notes(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void add(String text) {
    jdbc.update("INSERT INTO notes (body) VALUES (?)", text);
  }

  public List<String> texts() {
    return jdbc.queryForList("SELECT body FROM notes ORDER BY id", String.class);
  }
}

package dev.straddle.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The plan's string format, owned here alone: the processor {@linkplain #encode encodes} each
 * migration into the string literals the generated plan class embeds, and that class {@linkplain
 * #decode decodes} them once, when it is loaded. Literals are what javac attributes fastest: a
 * method per migration nesting {@code List.of(...)} and factory calls made the plan class of a
 * large project cost more to compile than the project.
 *
 * <p>A migration is its header, {@value #MIGRATION}, id, description, checksum, followed by its
 * items in the order of {@link PlannedMigration}'s lists; an item is a tag and that tag's values.
 * The class embeds each migration's strings as one literal ({@link #literals}): each string written
 * as its length in chars, a colon, then the string itself. One literal per migration rather than
 * one per string: a cold javac pays for every literal it scans, attributes and pools
 * (BENCHMARKS.md, "Compile time"), and the framing needs no escaping of whatever a statement holds.
 * A migration longer than {@value #LITERAL_CHARS} chars is cut into several literals, which stay
 * below the class file's limit of 65,535 bytes for one constant.
 *
 * <p>The strings are written by the processor's copy of this class and read by the runtime's, so
 * the generated class passes the {@link #FORMAT} it was written in, and a runtime that reads
 * another format refuses the plan with a clear message instead of misreading it. Change {@link
 * #FORMAT} with any change to the format.
 */
public final class PlanCodec {

  /** The version of the format {@link #encode} writes and {@link #decode} reads. */
  public static final int FORMAT = 6;

  /**
   * The most chars in one literal: a char takes at most 3 bytes in the class file, whose constants
   * hold at most 65,535.
   */
  public static final int LITERAL_CHARS = 20_000;

  /** Starts a migration: id, description and checksum follow. */
  public static final String MIGRATION = "migration";

  private PlanCodec() {}

  /** The tags of a migration's items; each is followed by {@code arity} strings. */
  private enum Tag {
    EXPAND("expand", 1),
    EXPAND_OUTSIDE("expand outside a transaction", 1),
    CONTRACT("contract", 1),
    CONTRACT_OUTSIDE("contract outside a transaction", 1),
    CONTRACT_AFTER("contract after the transaction", 1),
    UP("up", 3),
    DOWN("down", 3),
    TABLE_EXISTS("table exists", 1),
    TABLE_ABSENT("table absent", 1),
    COLUMN_EXISTS("column exists", 3),
    COLUMN_ABSENT("column absent", 2),
    CONSTRAINT_EXISTS("constraint exists", 2),
    CONSTRAINT_ABSENT("constraint absent", 2),
    KEY_EXISTS("key exists", 2),
    INDEX_EXISTS("index exists", 3),
    INDEX_ABSENT("index absent", 2),
    ENUM_EXISTS("enum exists", 1),
    ENUM_ABSENT("enum absent", 1),
    ENUM_LABEL_EXISTS("enum label exists", 2),
    ENUM_LABEL_ABSENT("enum label absent", 2),
    TRIGGER_EXISTS("trigger exists", 2),
    TRIGGER_ABSENT("trigger absent", 2),
    FUNCTION_EXISTS("function exists", 3),
    ROLLBACK("rollback", 1),
    ROLLBACK_OUTSIDE("rollback outside a transaction", 1),
    INDEX("index", 3),
    INDEX_COPIES("index copies", 3);

    final String text;
    final int arity;

    Tag(String text, int arity) {
      this.text = text;
      this.arity = arity;
    }

    static Tag of(String text) {
      for (Tag tag : values()) {
        if (tag.text.equals(text)) {
          return tag;
        }
      }
      throw new IllegalStateException("unknown plan item " + text);
    }
  }

  /**
   * {@code m} as strings, one entry per line of the generated source: first the header ({@value
   * #MIGRATION}, id, description, checksum), then one entry per item (a tag and its values).
   * Concatenated in order, the entries are what {@link #decode} reads.
   */
  public static List<List<String>> encode(PlannedMigration m) {
    List<List<String>> out = new ArrayList<>();
    out.add(List.of(MIGRATION, Integer.toString(m.id()), m.description(), m.checksum()));
    for (SqlStatement s : m.expand()) {
      if (s.afterTransaction()) {
        throw new IllegalArgumentException(
            "migration " + m.id() + ": only a contract has statements after its transaction");
      }
      out.add(item(s.transactional() ? Tag.EXPAND : Tag.EXPAND_OUTSIDE, s.sql()));
    }
    for (SqlStatement s : m.contract()) {
      Tag tag =
          s.transactional()
              ? Tag.CONTRACT
              : s.afterTransaction() ? Tag.CONTRACT_AFTER : Tag.CONTRACT_OUTSIDE;
      out.add(item(tag, s.sql()));
    }
    for (SyncFragment f : m.fragments()) {
      Tag tag = f.direction() == SyncFragment.Direction.UP ? Tag.UP : Tag.DOWN;
      out.add(item(tag, f.table(), f.column(), f.expression()));
    }
    for (SchemaExpectation e : m.expectations()) {
      out.add(expectation(e));
    }
    for (IndexBuild index : m.indexes()) {
      out.add(
          index.copy()
              ? item(Tag.INDEX_COPIES, index.table(), index.copiedColumn(), index.name())
              : item(Tag.INDEX, index.table(), index.name(), index.sql()));
    }
    for (SqlStatement s : m.rollback()) {
      out.add(item(s.transactional() ? Tag.ROLLBACK : Tag.ROLLBACK_OUTSIDE, s.sql()));
    }
    return out;
  }

  /**
   * {@code m} as the literals the plan class embeds: the strings of {@link #encode} framed and
   * concatenated, cut into pieces of at most {@value #LITERAL_CHARS} chars (never inside a
   * surrogate pair). Usually one piece.
   */
  public static List<String> literals(PlannedMigration m) {
    StringBuilder text = new StringBuilder();
    for (List<String> line : encode(m)) {
      for (String s : line) {
        text.append(s.length()).append(':').append(s);
      }
    }
    List<String> out = new ArrayList<>();
    int start = 0;
    while (text.length() - start > LITERAL_CHARS) {
      int end = start + LITERAL_CHARS;
      if (Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      out.add(text.substring(start, end));
      start = end;
    }
    out.add(text.substring(start));
    return out;
  }

  private static List<String> expectation(SchemaExpectation e) {
    return switch (e.subject()) {
      case TABLE -> item(e.present() ? Tag.TABLE_EXISTS : Tag.TABLE_ABSENT, e.table());
      case COLUMN ->
          e.present()
              ? item(Tag.COLUMN_EXISTS, e.table(), e.column(), e.type())
              : item(Tag.COLUMN_ABSENT, e.table(), e.column());
      case CONSTRAINT ->
          item(e.present() ? Tag.CONSTRAINT_EXISTS : Tag.CONSTRAINT_ABSENT, e.table(), e.name());
      case KEY -> item(Tag.KEY_EXISTS, e.table(), e.name());
      case INDEX ->
          e.present()
              ? item(Tag.INDEX_EXISTS, e.table(), e.index(), e.type())
              : item(Tag.INDEX_ABSENT, e.table(), e.index());
      case ENUM ->
          e.label() == null
              ? item(e.present() ? Tag.ENUM_EXISTS : Tag.ENUM_ABSENT, e.table())
              : item(
                  e.present() ? Tag.ENUM_LABEL_EXISTS : Tag.ENUM_LABEL_ABSENT,
                  e.table(),
                  e.label());
      case TRIGGER ->
          item(e.present() ? Tag.TRIGGER_EXISTS : Tag.TRIGGER_ABSENT, e.table(), e.name());
      case FUNCTION -> item(Tag.FUNCTION_EXISTS, e.table(), e.name(), e.type());
      case PARTITIONING ->
          throw new IllegalArgumentException(
              "a partitioning fact is a baseline fact, not a migration's: " + e);
    };
  }

  private static List<String> item(Tag tag, String... values) {
    List<String> out = new ArrayList<>(values.length + 1);
    out.add(tag.text);
    out.addAll(Arrays.asList(values));
    return out;
  }

  /**
   * The migrations the {@linkplain #literals literals} describe, in order. Each part holds whole
   * migrations (the generated class splits them over several methods, one array each), its literals
   * concatenated in order.
   *
   * @param format the {@link #FORMAT} the strings were written in
   * @throws IllegalStateException for another format, or strings this format did not write
   */
  public static List<PlannedMigration> decode(int format, String[]... parts) {
    if (format != FORMAT) {
      throw new IllegalStateException(
          "the plan class was generated in plan format "
              + format
              + ", this Straddle runtime reads format "
              + FORMAT
              + ": compile the migrations with the processor of the runtime's Straddle version");
    }
    List<PlannedMigration> migrations = new ArrayList<>();
    for (String[] literals : parts) {
      String[] items = unframe(String.join("", literals));
      int i = 0;
      while (i < items.length) {
        if (!items[i].equals(MIGRATION) || i + 3 >= items.length) {
          throw new IllegalStateException("expected a migration header at plan item " + i);
        }
        int id = Integer.parseInt(items[i + 1]);
        String description = items[i + 2];
        String checksum = items[i + 3];
        i += 4;
        List<SqlStatement> expand = new ArrayList<>();
        List<SqlStatement> contract = new ArrayList<>();
        List<SyncFragment> fragments = new ArrayList<>();
        List<SchemaExpectation> expectations = new ArrayList<>();
        List<IndexBuild> indexes = new ArrayList<>();
        List<SqlStatement> rollback = new ArrayList<>();
        while (i < items.length && !items[i].equals(MIGRATION)) {
          Tag tag = Tag.of(items[i++]);
          if (i + tag.arity > items.length) {
            throw new IllegalStateException(
                "plan item " + tag.text + " of migration " + id + " is cut short");
          }
          switch (tag) {
            case EXPAND -> expand.add(SqlStatement.inTransaction(items[i]));
            case EXPAND_OUTSIDE -> expand.add(SqlStatement.outsideTransaction(items[i]));
            case CONTRACT -> contract.add(SqlStatement.inTransaction(items[i]));
            case CONTRACT_OUTSIDE -> contract.add(SqlStatement.outsideTransaction(items[i]));
            case CONTRACT_AFTER -> contract.add(SqlStatement.afterTransaction(items[i]));
            case UP ->
                fragments.add(
                    new SyncFragment(
                        items[i], SyncFragment.Direction.UP, items[i + 1], items[i + 2]));
            case DOWN ->
                fragments.add(
                    new SyncFragment(
                        items[i], SyncFragment.Direction.DOWN, items[i + 1], items[i + 2]));
            case TABLE_EXISTS -> expectations.add(SchemaExpectation.tableExists(items[i]));
            case TABLE_ABSENT -> expectations.add(SchemaExpectation.tableAbsent(items[i]));
            case COLUMN_EXISTS ->
                expectations.add(
                    SchemaExpectation.columnExists(items[i], items[i + 1], items[i + 2]));
            case COLUMN_ABSENT ->
                expectations.add(SchemaExpectation.columnAbsent(items[i], items[i + 1]));
            case CONSTRAINT_EXISTS ->
                expectations.add(SchemaExpectation.constraintExists(items[i], items[i + 1]));
            case CONSTRAINT_ABSENT ->
                expectations.add(SchemaExpectation.constraintAbsent(items[i], items[i + 1]));
            case KEY_EXISTS ->
                expectations.add(
                    SchemaExpectation.keyExists(
                        items[i],
                        items[i + 1].isEmpty() ? List.of() : List.of(items[i + 1].split(","))));
            case INDEX_EXISTS ->
                expectations.add(
                    SchemaExpectation.indexExists(items[i], items[i + 1], items[i + 2]));
            case INDEX_ABSENT ->
                expectations.add(SchemaExpectation.indexAbsent(items[i], items[i + 1]));
            case ENUM_EXISTS -> expectations.add(SchemaExpectation.enumType(items[i], true));
            case ENUM_ABSENT -> expectations.add(SchemaExpectation.enumType(items[i], false));
            case ENUM_LABEL_EXISTS ->
                expectations.add(SchemaExpectation.enumLabel(items[i], items[i + 1], true));
            case ENUM_LABEL_ABSENT ->
                expectations.add(SchemaExpectation.enumLabel(items[i], items[i + 1], false));
            case TRIGGER_EXISTS ->
                expectations.add(SchemaExpectation.triggerExists(items[i], items[i + 1]));
            case TRIGGER_ABSENT ->
                expectations.add(SchemaExpectation.triggerAbsent(items[i], items[i + 1]));
            case FUNCTION_EXISTS ->
                expectations.add(
                    SchemaExpectation.functionExists(items[i], items[i + 1], items[i + 2]));
            case ROLLBACK -> rollback.add(SqlStatement.inTransaction(items[i]));
            case ROLLBACK_OUTSIDE -> rollback.add(SqlStatement.outsideTransaction(items[i]));
            case INDEX -> indexes.add(new IndexBuild(items[i], items[i + 1], items[i + 2]));
            case INDEX_COPIES ->
                indexes.add(IndexBuild.copies(items[i], items[i + 1], items[i + 2]));
          }
          i += tag.arity;
        }
        migrations.add(
            new PlannedMigration(
                id,
                description,
                checksum,
                expand,
                contract,
                fragments,
                expectations,
                indexes,
                rollback));
      }
    }
    return List.copyOf(migrations);
  }

  /** The strings framed in {@code text}, each as its length, a colon and its chars. */
  private static String[] unframe(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int colon = text.indexOf(':', i);
      int length;
      try {
        length = colon < 0 ? -1 : Integer.parseInt(text, i, colon, 10);
      } catch (NumberFormatException e) {
        length = -1;
      }
      if (length < 0 || colon + 1 + length > text.length()) {
        throw new IllegalStateException(
            "plan text is not a length, a colon and that many chars at char " + i);
      }
      out.add(text.substring(colon + 1, colon + 1 + length));
      i = colon + 1 + length;
    }
    return out.toArray(new String[0]);
  }
}

package cn.gov.yuhuan.qyx.catalog;

import java.util.List;
import java.util.stream.Collectors;

/** The catalog files have mistakes; {@link #errors()} lists every one found, not just the first. */
public final class CatalogException extends RuntimeException {
  private final List<CatalogError> errors;

  public CatalogException(List<CatalogError> errors) {
    super(errors.size() + " mistake(s) in the catalog:\n"
        + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<CatalogError> errors() {
    return errors;
  }
}

package cn.gov.yuhuan.qyx.producers.importer;

import java.util.List;

/**
 * What became of the rows that were sent, once every one has an answer.
 *
 * @param sent how many the broker acknowledged
 * @param errors the rows it did not take, and why
 */
public record SendResult(int sent, List<RowError> errors) {
  public SendResult {
    errors = List.copyOf(errors);
  }
}

package cn.gov.yuhuan.qyx.producers.importer;

/**
 * A row that repeats an earlier row of the file figure for figure: sending it again would change
 * nothing, so it is not sent, and it is no error.
 *
 * @param row the repeating row
 * @param sameAs the earlier row it repeats
 */
public record Duplicate(long row, long sameAs) {}

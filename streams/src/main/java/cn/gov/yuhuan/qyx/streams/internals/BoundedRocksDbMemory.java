package cn.gov.yuhuan.qyx.streams.internals;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One memory budget for every RocksDB store of the app, the pattern of the Kafka Streams memory
 * management docs: a block cache shared by all stores, which also holds their memtables, index and
 * filter blocks. Without it each store of each task takes its own 50 MB cache and 3 × 16 MB of
 * memtables, so the app's memory grows with the number of stores × partitions, not with its data.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
  /** The budget, in bytes, for every store of this process together. */
  public static final String TOTAL_BYTES_CONFIG = "qyx.rocksdb.total.bytes";
  private static final long DEFAULT_TOTAL_BYTES = 64L << 20;
  /** Of the budget, the share memtables may take. */
  private static final double MEMTABLE_SHARE = 0.5;
  private static final long MEMTABLE_BYTES = 4L << 20;

  private static Cache cache;
  private static WriteBufferManager writeBufferManager;

  private static synchronized void share(long totalBytes) {
    if (cache == null) {
      cache = new LRUCache(totalBytes, -1, false, 0.1);
      writeBufferManager = new WriteBufferManager((long) (totalBytes * MEMTABLE_SHARE), cache);
    }
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Object configured = configs.get(TOTAL_BYTES_CONFIG);
    share(configured == null ? DEFAULT_TOTAL_BYTES : Long.parseLong(configured.toString()));
    BlockBasedTableConfig tableConfig = (BlockBasedTableConfig) options.tableFormatConfig();
    tableConfig.setBlockCache(cache);
    tableConfig.setCacheIndexAndFilterBlocks(true);
    tableConfig.setCacheIndexAndFilterBlocksWithHighPriority(true);
    tableConfig.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(writeBufferManager);
    options.setWriteBufferSize(MEMTABLE_BYTES);
    options.setMaxWriteBufferNumber(2);
    options.setTableFormatConfig(tableConfig);
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the write buffer manager are shared by every store: they live as long as the process.
  }
}

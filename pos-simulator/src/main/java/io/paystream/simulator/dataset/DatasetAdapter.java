package io.paystream.simulator.dataset;

import io.paystream.simulator.model.Dataset;
import java.io.IOException;

/** Turns one dataset format into the canonical model. */
public interface DatasetAdapter {

  /** Loads the whole dataset. */
  Dataset load() throws IOException;
}

package com.example.vol;

import dev.straddle.dsl.AddColumn;
import dev.straddle.dsl.Migration;
import dev.straddle.dsl.RenameColumn;

/** random(): a nullable added column, a renamed column. */
@Migration(id = 4, description = "Samples: jitter, weight renamed")
@AddColumn(table = "samples", column = "jitter", type = "double precision", defaultValue = "random()")
@RenameColumn(table = "samples", from = "weight", to = "score")
final class Samples {}

namespace EdgeSound.Trainer.Evaluation;

/// <summary>Exported models scored side by side on one fold of a dataset.</summary>
/// <param name="Dataset">The dataset's description (which subset, where).</param>
/// <param name="Fold">The fold scored.</param>
/// <param name="Classes">Class names; every model's labels equal these.</param>
/// <param name="ClipNames">The fold's clips, in scoring order.</param>
/// <param name="Truth">True class of each clip.</param>
/// <param name="Models">One entry per model, in the order given.</param>
public sealed record FoldEvaluation(
    string Dataset,
    int Fold,
    IReadOnlyList<string> Classes,
    IReadOnlyList<string> ClipNames,
    int[] Truth,
    IReadOnlyList<ModelEvaluation> Models);

using Microsoft.Extensions.Options;

namespace BatchFlow.Hosting;

/// <summary>
/// Checks every named <see cref="BatchFlowOptions"/> with <see cref="BatchFlowOptions.Validate"/>; with
/// <c>ValidateOnStart</c>, a bad setting fails the host's start with an <see cref="OptionsValidationException"/> whose
/// message names the flow and the option, instead of the first write.
/// </summary>
internal sealed class BatchFlowOptionsValidator : IValidateOptions<BatchFlowOptions>
{
    public ValidateOptionsResult Validate(string? name, BatchFlowOptions options)
    {
        var problems = options.Validate();
        if (problems.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        var flow = string.IsNullOrEmpty(name) ? "(default)" : name;
        return ValidateOptionsResult.Fail(problems.Select(problem => $"Flow '{flow}': {problem}"));
    }
}

using System.Text.Json;
using Everruns.Api.Contracts;
using Everruns.Api.Http;
using Everruns.Data.Approvals;
using Everruns.Data.Runs;
using Everruns.Worker.Runners;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Everruns.Api.Apis;

/// <summary>People approve, edit or deny the tool calls a run waits on.</summary>
public static class ApprovalsApi
{
    public const int MaxReasonLength = 2000;

    public static RouteGroupBuilder MapApprovalsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/runs/{id}/approvals").WithTags("Approvals");
        api.MapGet("/", ListApprovals).WithName(nameof(ListApprovals)).WithSummary("The tool calls of a run that need approval, oldest first");
        api.MapPost("/", AnswerApproval).WithName(nameof(AnswerApproval))
            .WithSummary("Approve (optionally with edited arguments) or deny a tool call")
            .WithDescription("When the run waits on no other approval it continues. Giving the same answer again changes nothing; a different answer to a decided approval is a 409.");
        return api;
    }

    public static async Task<Results<Ok<ListResponse<ApprovalResponse>>, ProblemHttpResult>> ListApprovals(
        Guid id, RunStore runs, ToolApprovalStore approvals, CancellationToken cancellationToken, int? limit = null, int? offset = null)
    {
        if (!Paging.TryCreate(limit, offset, out var page, out var errors))
        {
            return Problems.Invalid(errors);
        }

        if (await runs.GetAsync(id, cancellationToken) is null)
        {
            return Problems.NotFound("Run", id);
        }

        var result = await approvals.ListAsync(id, page, cancellationToken);
        return TypedResults.Ok(ListResponse<ApprovalResponse>.From(result, ApprovalResponse.From));
    }

    public static async Task<Results<Ok<ApprovalResponse>, ProblemHttpResult>> AnswerApproval(
        Guid id, ApprovalRequest request, RunStore runs, ToolApprovalStore approvals, IRunExecution execution, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.ToolCallId))
        {
            return Problems.Invalid("tool_call_id", "tool_call_id is required.");
        }

        if (request.Arguments is { ValueKind: not JsonValueKind.Object })
        {
            return Problems.Invalid("arguments", "arguments must be a JSON object.");
        }

        if (request.Arguments is not null && request.Decision == ApprovalDecision.Deny)
        {
            return Problems.Invalid("arguments", "arguments go with approve, not deny.");
        }

        if (request.Reason is { Length: > MaxReasonLength })
        {
            return Problems.Invalid("reason", $"reason must be at most {MaxReasonLength} characters.");
        }

        if (await runs.GetAsync(id, cancellationToken) is null)
        {
            return Problems.NotFound("Run", id);
        }

        var answer = await approvals.AnswerAsync(id, request.ToolCallId, request.Decision, request.Arguments?.GetRawText(), request.Reason, cancellationToken);
        if (answer is ApprovalAnswer.Recorded)
        {
            await execution.ApprovalAnsweredAsync(id, cancellationToken);
        }

        return answer switch
        {
            ApprovalAnswer.Recorded recorded => TypedResults.Ok(ApprovalResponse.From(recorded.Approval)),
            ApprovalAnswer.AlreadyDecided decided => Problems.Conflict(
                $"The tool call {request.ToolCallId} was already answered ({decided.Approval.Status.ToString().ToLowerInvariant()}).",
                new Dictionary<string, object?> { ["approval_status"] = decided.Approval.Status }),
            _ => TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"Run {id} has no approval for tool call {request.ToolCallId}."),
        };
    }
}

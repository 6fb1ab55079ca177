// The models the picker offers: the simulator's, and each provider's usual ones. Any other
// "provider/model" id can be typed in; the API checks the provider.

export const MODEL_GROUPS: { label: string; models: { id: string; label: string }[] }[] = [
  {
    label: 'Simulator (built in, no key needed)',
    models: [
      { id: 'sim/default', label: 'sim/default · streams ~50 tokens/s' },
      { id: 'sim/fast', label: 'sim/fast · streams at once' },
    ],
  },
  {
    label: 'OpenAI (OPENAI_API_KEY)',
    models: [
      { id: 'openai/gpt-4o-mini', label: 'openai/gpt-4o-mini' },
      { id: 'openai/gpt-4o', label: 'openai/gpt-4o' },
    ],
  },
  {
    label: 'Anthropic (ANTHROPIC_API_KEY)',
    models: [{ id: 'anthropic/claude-sonnet-4-5', label: 'anthropic/claude-sonnet-4-5' }],
  },
  {
    label: 'Ollama (OLLAMA_ENDPOINT)',
    models: [{ id: 'ollama/llama3.2', label: 'ollama/llama3.2' }],
  },
];

export const KNOWN_MODELS = new Set(MODEL_GROUPS.flatMap(group => group.models.map(model => model.id)));

export const BUILTIN_TOOLS = [{ name: 'current_time', description: 'The current date and time (UTC).' }];

export const MODEL_ID = /^(openai|anthropic|ollama|sim)\/\S+$/;

import type { OpenAIChatRequest } from '../types.js'
import { functionTools, toolChoice } from '../identity/hub-fields.js'
import { toGeminiSchema } from './schema.js'
import type { GeminiFunctionDeclaration, GeminiRequestBody, GeminiSchema } from './wire.js'

type ToolFields = Pick<GeminiRequestBody, 'tools' | 'toolConfig'>

/** A function without arguments is declared without `parameters`: Gemini rejects an OBJECT with no properties. */
function parametersOf(schema: GeminiSchema): GeminiSchema | undefined {
  if (schema.type === 'OBJECT' && schema.properties === undefined) return undefined
  return schema
}

/** `tools` → `functionDeclarations`, `tool_choice` → `toolConfig.functionCallingConfig`. */
export function toGeminiTools(body: OpenAIChatRequest, warnings: string[]): ToolFields {
  const tools = functionTools(body, 'Gemini')
  const choice = toolChoice(body, tools)
  const out: ToolFields = {}
  if (tools.length > 0) {
    const declarations = tools.map((tool, index): GeminiFunctionDeclaration => {
      const declaration: GeminiFunctionDeclaration = { name: tool.name }
      if (tool.description !== undefined) declaration.description = tool.description
      if (tool.parameters !== undefined) {
        const converted = toGeminiSchema(tool.parameters, `tools[${index}].function.parameters`)
        warnings.push(...converted.warnings)
        const parameters = parametersOf(converted.schema)
        if (parameters !== undefined) declaration.parameters = parameters
      }
      return declaration
    })
    out.tools = [{ functionDeclarations: declarations }]
  }
  if (choice !== undefined && tools.length > 0) {
    if (choice.mode === 'function') {
      out.toolConfig = { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } }
    } else {
      const mode = choice.mode === 'required' ? 'ANY' : choice.mode === 'none' ? 'NONE' : 'AUTO'
      out.toolConfig = { functionCallingConfig: { mode } }
    }
  }
  if (body.parallel_tool_calls === false && tools.length > 0) {
    warnings.push('parallel_tool_calls: Gemini cannot be limited to one call per turn, ignored')
  }
  return out
}

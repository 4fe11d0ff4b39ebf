import { Box, Flex, ProgressCircle, Text } from '@bigcommerce/big-design';

/** A spinner with a visible label; the label is what assistive technology announces. */
export function LoadingState({ label }: { label: string }) {
  return (
    <Flex
      alignItems="center"
      flexGap="0.75rem"
      justifyContent="center"
      paddingVertical="xxxLarge"
      role="status"
    >
      <Box aria-hidden="true">
        <ProgressCircle size="small" />
      </Box>
      <Text color="secondary60" margin="none">
        {label}
      </Text>
    </Flex>
  );
}
